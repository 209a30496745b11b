package uk.nhs.hub.platform;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Hears logback's account of reading its configuration and prints only its errors, to standard error. Without a
 * listener logback prints the whole account at every start whenever something in it is a warning, and the hub's
 * configuration always has one: of its two appenders, the one HUB_LOG_FORMAT did not pick is left unused.
 */
public final class LoggingErrors extends ContextAwareBase implements StatusListener, LifeCycle {

    private volatile boolean started;

    /** Prints the errors logback met before it attached this listener (it reads its file twice, attaching it late). */
    @Override
    public void start() {
        started = true;
        if (getContext() != null) {
            getContext().getStatusManager().getCopyOfStatusList().forEach(LoggingErrors::print);
        }
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (started) {
            print(status);
        }
    }

    private static void print(Status status) {
        if (status.getEffectiveLevel() >= Status.ERROR) {
            System.err.println("hub: logging: " + status.getMessage()
                + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
        }
    }
}
