package peer;

import com.maxmind.geoip2.WebServiceClient;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.InsightsResponse;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The write-up's method: for each address, one {@code insights} call, one after the other, with a try/catch so a
 * failed address does not end the run. Writes {@code ip,city,country_iso,isp,user_type,status}.
 *
 * <p>usage: InsightsLoop ADDRESSES OUT.csv PORT CA.pem ACCOUNT KEY
 */
public final class InsightsLoop {
    public static void main(String[] args) throws Exception {
        List<String> ips = Files.readAllLines(Path.of(args[0]));
        int port = Integer.parseInt(args[2]);
        SSLContext tls = trust(Path.of(args[3]));
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        WebServiceClient client = new WebServiceClient.Builder(Integer.parseInt(args[4]), args[5])
                .host("127.0.0.1")
                .port(port)
                .httpClient(http)
                .build();
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            out.write("ip,city,country_iso,isp,user_type,status\n");
            for (String ip : ips) {
                String status = "ok";
                InsightsResponse r = null;
                try {
                    r = client.insights(InetAddress.getByName(ip));
                } catch (AddressNotFoundException e) {
                    status = "not_found";
                } catch (GeoIp2Exception | java.io.IOException e) {
                    status = "error";
                }
                out.write(ip + "," + (r == null ? "" : csv(r.getCity().getName())) + ","
                        + (r == null ? "" : csv(r.getCountry().getIsoCode())) + ","
                        + (r == null ? "" : csv(r.getTraits().getIsp())) + ","
                        + (r == null || r.getTraits().getUserType() == null ? "" : csv(r.getTraits().getUserType().toString()))
                        + "," + status + "\n");
            }
        }
    }

    private static String csv(String s) {
        return s == null ? "" : s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static SSLContext trust(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("stub", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
