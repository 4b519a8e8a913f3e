package dev.iptriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * {@code iptriage_lookup} from a Spark Connect client: a Connect server (gRPC on loopback) in this
 * JVM over a local session that loads the extension from the jar's service file, and Spark's JVM
 * Connect client sending SQL to it, as any Connect client (Python, Go, ...) does; the client has no
 * iptriage class.
 */
class IptriageConnectTest {
    @TempDir
    static Path dir;

    static SparkSession server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        Path city = Fixtures.city(dir);
        Path asn = Fixtures.asn(dir);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = SparkSession.builder()
                .master("local[2]")
                .appName("iptriage-connect-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.connect.grpc.binding.address", "127.0.0.1")
                .config("spark.connect.grpc.binding.port", String.valueOf(port))
                .config(IptriageDatabases.CONFIG, city + "," + asn)
                .getOrCreate();
        SparkConnectService.start(server.sparkContext());
    }

    @AfterAll
    static void stop() {
        SparkConnectService.stop(Option.empty(), Option.empty());
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aConnectClientCallsTheFunctionsBySql() {
        org.apache.spark.sql.connect.SparkSession client = org.apache.spark.sql.connect.SparkSession.builder()
                .remote("sc://127.0.0.1:" + port)
                .create();
        try {
            List<Row> rows = client.sql("SELECT ip, iptriage_lookup(ip, 'asn,as_org,city') AS x"
                            + " FROM VALUES ('8.8.8.8'), ('not an ip'), (NULL) AS t(ip)")
                    .collectAsList();
            assertThat(rows).hasSize(3);
            Row google = rows.get(0).getStruct(1);
            assertThat(google.<String>getAs("status")).isEqualTo("ok");
            assertThat(google.<String>getAs("asn")).isEqualTo("15169");
            assertThat(google.<String>getAs("city")).isEqualTo("Mountain View");
            assertThat(rows.get(1).getStruct(1).<String>getAs("status")).isEqualTo("invalid");
            assertThat(rows.get(2).isNullAt(1)).isTrue();
            List<Row> found = client.sql("SELECT iptriage_extract('from 1.2.3[.]4 and 2001:db8::1') AS a")
                    .collectAsList();
            assertThat(found.get(0).getList(0)).containsExactly("1.2.3.4", "2001:db8::1");
            List<Row> dbs = client.sql("SELECT type FROM iptriage_databases()").collectAsList();
            assertThat(dbs).extracting(r -> r.getString(0)).containsExactly("GeoLite2-City", "GeoLite2-ASN");
        } finally {
            client.close();
        }
    }
}
