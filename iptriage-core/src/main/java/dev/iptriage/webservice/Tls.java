package dev.iptriage.webservice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust other than the system's, for {@code --webservice-ca}. */
public final class Tls {
    private Tls() {}

    /**
     * A TLS context that trusts only the certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks):
     * a TLS-inspecting proxy's CA, a local stub's certificate. Host names are still checked against the certificate.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static SSLContext trustOnly(Path pem) throws IOException {
        if (Files.size(pem) > 1 << 20) {
            throw new IOException("larger than 1 MiB, not a PEM file of certificates");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("not a PEM file of certificates (" + e.getMessage() + ")", e);
        }
    }
}
