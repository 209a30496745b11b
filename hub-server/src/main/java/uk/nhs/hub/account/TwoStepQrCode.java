package uk.nhs.hub.account;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/**
 * Draws an otpauth address as an SVG QR code, built on the server from zxing's module matrix so the page needs
 * no script and no image request. The SVG is labelled; the page prints the secret beside it for people who
 * cannot scan.
 */
final class TwoStepQrCode {

    private static final int QUIET_ZONE = 4;

    private TwoStepQrCode() {
    }

    static String svg(String content, String label) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalStateException("The QR code could not be drawn", e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hub-qr-code\" role=\"img\" aria-labelledby=\"qr-title\""
            + " viewBox=\"0 0 " + width + " " + height + "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\">"
            + "<title id=\"qr-title\">" + escape(label) + "</title>"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
