/**
 * iptriage's library. Its API for Java programs is the front door {@link dev.iptriage.IpTriage}
 * (package {@code dev.iptriage}), the types it hands out ({@code dev.iptriage.ip}: addresses and
 * networks; {@code dev.iptriage.model}: columns and statuses) and the SPI for sources of columns
 * ({@code dev.iptriage.sources}). Everything else (the engine, the databases, extraction, the
 * formats) is exported only to the project's command-line module ({@code dev.iptriage.cli}), so it
 * can change without breaking programs that embed iptriage.
 */
module dev.iptriage.core {
    requires com.fasterxml.jackson.core;
    requires de.siegmar.fastcsv;
    requires java.desktop; // PNG maps and charts
    requires java.net.http; // db update, lists update, the web services
    requires java.sql; // the DNS answer cache
    requires org.dnsjava; // online sources: reverse DNS, DNS blocklists, Team Cymru
    requires org.apache.commons.compress; // db update: tar.gz archives
    requires org.apache.commons.io; // UTF-16 inputs
    requires org.jline.terminal; // WCWidth: the display width of -f table cells
    requires org.xerial.sqlitejdbc; // the DNS answer cache

    exports dev.iptriage;
    exports dev.iptriage.ip;
    exports dev.iptriage.model;
    exports dev.iptriage.sources;
    exports dev.iptriage.databases to
            dev.iptriage.cli;
    exports dev.iptriage.dns to
            dev.iptriage.cli;
    exports dev.iptriage.dbupdate to
            dev.iptriage.cli;
    exports dev.iptriage.engine to
            dev.iptriage.cli;
    exports dev.iptriage.extract to
            dev.iptriage.cli;
    exports dev.iptriage.input to
            dev.iptriage.cli;
    exports dev.iptriage.lists to
            dev.iptriage.cli;
    exports dev.iptriage.listupdate to
            dev.iptriage.cli;
    exports dev.iptriage.webservice to
            dev.iptriage.cli;
    exports dev.iptriage.mmdb to
            dev.iptriage.cli;
    exports dev.iptriage.mmdb.csv to
            dev.iptriage.cli;
    exports dev.iptriage.scanners to
            dev.iptriage.cli;
    exports dev.iptriage.sink to
            dev.iptriage.cli;
    exports dev.iptriage.sink.html to
            dev.iptriage.cli;
    exports dev.iptriage.sink.png to
            dev.iptriage.cli;
    exports dev.iptriage.sink.report to
            dev.iptriage.cli;
    exports dev.iptriage.sink.world to
            dev.iptriage.cli;
    exports dev.iptriage.text to
            dev.iptriage.cli;
}
