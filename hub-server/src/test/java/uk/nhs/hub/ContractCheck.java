package uk.nhs.hub;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class whose responses from the shared hub contradict the OpenAPI contract, listing each one.
 * Registered for every test class through JUnit's extension auto-detection, so a new API test is checked
 * without asking for it.
 */
public final class ContractCheck implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ApiContract contract = TestHub.contractIfStarted();
        if (contract != null) {
            // what earlier classes left unchecked is theirs, not this class's
            contract.takeViolations();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ApiContract contract = TestHub.contractIfStarted();
        if (contract == null) {
            return;
        }
        int checked = contract.checkedSinceLastTake();
        List<String> violations = contract.takeViolations();
        if (checked > 0) {
            System.out.printf("%s: %d responses checked against the contract (%d in this run so far, from %d of %d"
                    + " operations)%n", context.getDisplayName(), checked, contract.checkedInTotal(),
                contract.operationsExercised().size(), contract.operations().size());
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " responses contradict /api/openapi.yaml:\n  "
                + String.join("\n  ", violations));
        }
    }
}
