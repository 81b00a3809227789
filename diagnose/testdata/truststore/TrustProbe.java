import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * TrustProbe asks the JVM whether it trusts HTTPS servers, with the truststore
 * given by the usual -Djavax.net.ssl.trustStore* properties. It is the oracle
 * that whdctl's truststore verdict is compared with.
 *
 * Usage: java -Djavax.net.ssl.trustStore=FILE TrustProbe URL...
 * Prints one line per URL: URL, a tab, a verdict, a tab, the JVM's message.
 * Verdicts: OK (the handshake succeeded; any HTTP status), PKIX_BUILD,
 * PKIX_VALIDATE, HOSTNAME, NO_ANCHORS, HANDSHAKE, CONNECT, OTHER.
 *
 * "TrustProbe --cipher-suites" prints the cipher suites the JVM enables by
 * default, one a line, in its order of preference.
 */
public final class TrustProbe {
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--cipher-suites")) {
            for (String s : javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()) {
                System.out.println(s);
            }
            return;
        }
        for (String arg : args) {
            String verdict;
            String message = "";
            try {
                HttpsURLConnection conn = (HttpsURLConnection) new URL(arg).openConnection();
                conn.setConnectTimeout(5000);
                conn.setReadTimeout(5000);
                conn.setUseCaches(false);
                int status = conn.getResponseCode();
                InputStream body = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
                if (body != null) {
                    body.close();
                }
                conn.disconnect();
                verdict = "OK";
                message = "HTTP " + status;
            } catch (ConnectException | SocketTimeoutException e) {
                verdict = "CONNECT";
                message = e.toString();
            } catch (SSLException e) {
                message = chain(e);
                verdict = classify(message);
            } catch (IOException | RuntimeException e) {
                verdict = "OTHER";
                message = chain(e);
            }
            System.out.println(arg + "\t" + verdict + "\t" + message.replace('\n', ' ').replace('\t', ' '));
        }
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.toString());
        }
        return sb.toString();
    }

    private static String classify(String m) {
        if (m.contains("PKIX path building failed")) {
            return "PKIX_BUILD";
        }
        if (m.contains("PKIX path validation failed")) {
            return "PKIX_VALIDATE";
        }
        if (m.contains("trustAnchors parameter must be non-empty")) {
            return "NO_ANCHORS";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "HOSTNAME";
        }
        return "HANDSHAKE";
    }
}
