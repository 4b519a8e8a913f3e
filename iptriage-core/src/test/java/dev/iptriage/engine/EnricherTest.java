package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseKind;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnricherTest {
    @TempDir
    static Path dir;

    static Database city;
    static Database asn;
    static Database flat;

    @BeforeAll
    static void databases() throws Exception {
        city = Database.open(Fixtures.city(dir));
        asn = Database.open(Fixtures.asn(dir));
        flat = Database.open(Fixtures.flat(dir));
    }

    private static Enrichment look(Enricher e, String ip) {
        return e.lookup(IpLiteral.parse(ip).orElseThrow());
    }

    private static Object value(Enricher e, Enrichment r, Field f) {
        return r.values()[e.columns().indexOf(dev.iptriage.model.Column.of(f))];
    }

    @Test
    void detectsKinds() {
        assertThat(city.kind()).isEqualTo(DatabaseKind.CITY);
        assertThat(asn.kind()).isEqualTo(DatabaseKind.ASN);
        assertThat(flat.kind()).isEqualTo(DatabaseKind.CITY);
    }

    @Test
    void mergesCityAndAsnIntoOneRow() {
        Enricher e = Enricher.builder()
                .database(city)
                .database(asn)
                .fields(Field.defaults())
                .build();
        Enrichment r = look(e, "8.8.8.8");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(value(e, r, Field.ASN)).isEqualTo(15169L);
        assertThat(value(e, r, Field.AS_ORG)).isEqualTo("Google LLC");
        assertThat(value(e, r, Field.CITY)).isEqualTo("Mountain View");
        assertThat(value(e, r, Field.COUNTRY)).isEqualTo("United States");
        assertThat(value(e, r, Field.POSTAL_CODE)).isEqualTo("94043");
        assertThat(value(e, r, Field.LATITUDE)).isEqualTo(37.386);
        assertThat(value(e, r, Field.NETWORK)).hasToString("8.8.8.0/24");
    }

    @Test
    void networkComesFromTheAsnDatabaseEvenWhenListedSecond() {
        Enricher e = Enricher.builder()
                .database(city)
                .database(asn)
                .fields(List.of(Field.NETWORK))
                .build();
        assertThat(look(e, "81.2.69.160").network()).hasToString("81.2.64.0/18");
        // the /16 minus the /24 carved out of it: the tree's network around 8.8.4.4 is a /21
        assertThat(look(e, "8.8.4.4").network()).hasToString("8.8.0.0/21");
    }

    @Test
    void withoutAnAsnDatabaseNetworkIsTheFirstHit() {
        Enricher e =
                Enricher.builder().database(city).fields(List.of(Field.NETWORK)).build();
        assertThat(look(e, "81.2.69.160").network()).hasToString("81.2.69.0/24");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1.2.3.4, not_found",
        "10.1.2.3, private",
        "192.168.1.1, private",
        "192.0.2.1, reserved",
        "224.0.0.1, reserved",
        "::1, private",
        "2001:db8::1, reserved",
        "8.8.8.8, ok",
        "::ffff:8.8.8.8, ok"
    })
    void statusFollowsTheAddressClassAndTheLookup(String ip, String status) {
        Enricher e = Enricher.builder().database(city).database(asn).build();
        assertThat(look(e, ip).statusText()).isEqualTo(status);
    }

    @Test
    void privateAddressesAreStillLookedUpInLocalDatabases() {
        Enricher e =
                Enricher.builder().database(city).fields(List.of(Field.RAW)).build();
        Enrichment r = look(e, "10.9.9.9");
        assertThat(r.status()).isEqualTo(Status.PRIVATE);
        assertThat(r.values()[0]).asString().contains("site=hq");
    }

    @Test
    void namesComeInTheRequestedLanguageWithEnglishFallback() {
        Enricher e = Enricher.builder()
                .database(city)
                .fields(List.of(Field.CITY, Field.COUNTRY))
                .language("de")
                .build();
        Enrichment r = look(e, "81.2.69.1");
        assertThat(r.values()).containsExactly("London", "Vereinigtes Königreich");
        Enrichment us = look(e, "8.8.8.8");
        assertThat(us.values()).containsExactly("Mountain View", "Vereinigte Staaten");
        Enrichment fallback = look(e, "203.0.113.5");
        assertThat(fallback.values()[0]).isEqualTo(Fixtures.HOSTILE_CITY);
    }

    @Test
    void flatSchemasMapToTheSameColumns() {
        List<Field> f = List.of(
                Field.CITY, Field.COUNTRY_ISO, Field.SUBDIVISION, Field.POSTAL_CODE, Field.LATITUDE, Field.TIME_ZONE);
        Enricher e = Enricher.builder().database(flat).fields(f).build();
        Enrichment r = look(e, "2.2.3.4");
        assertThat(r.values()).containsExactly("Paris", "FR", "Île-de-France", "75001", 48.8566f, "Europe/Paris");
    }

    @Test
    void locationPrecisionSaysWhetherCoordinatesAreCityLevel() {
        Enricher e = Enricher.builder()
                .database(city)
                .fields(List.of(Field.LOCATION_PRECISION))
                .build();
        assertThat(look(e, "8.8.8.8").values()).containsExactly("city");
        assertThat(look(e, "2001:4860::1").values()).containsExactly("country");
        assertThat(look(e, "1.2.3.4").values()).containsExactly((Object) null);
    }

    @Test
    void earlierDatabasesWinPerField() {
        Enricher e = Enricher.builder()
                .database(flat)
                .database(city)
                .fields(List.of(Field.CITY))
                .build();
        assertThat(look(e, "2.2.2.2").values()).containsExactly("Paris");
        assertThat(look(e, "8.8.8.8").values()).containsExactly("Mountain View");
    }

    @Test
    void reportsFieldsNoDatabaseCanFill() {
        Enricher e = Enricher.builder()
                .database(asn)
                .fields(List.of(Field.ASN, Field.CITY, Field.ISP))
                .build();
        assertThat(e.unavailable()).containsExactlyInAnyOrder(Field.CITY, Field.ISP);
    }

    @Test
    void everyDatabaseIsConsultedSoTheStatusDoesNotDependOnTheColumns() {
        Enricher e = Enricher.builder()
                .database(city)
                .database(asn)
                .fields(List.of(Field.ASN))
                .build();
        assertThat(e.databases()).containsExactly(city, asn);
        // 10.0.0.0/8 is only in the City fixture, which fills no asked-for column
        Enrichment r = e.lookup(IpLiteral.parse("10.1.2.3").orElseThrow());
        assertThat(r.status()).isEqualTo(Status.PRIVATE);
        assertThat(r.network()).hasToString("10.0.0.0/8");
        Enricher statusOnly = Enricher.builder()
                .database(city)
                .fields(List.of(Field.IP, Field.STATUS))
                .build();
        assertThat(statusOnly.lookup(IpLiteral.parse("8.8.8.8").orElseThrow()).status())
                .isEqualTo(Status.OK);
    }
}
