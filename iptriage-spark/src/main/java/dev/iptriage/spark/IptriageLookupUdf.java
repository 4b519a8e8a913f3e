package dev.iptriage.spark;

import dev.iptriage.model.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;

/**
 * {@code iptriage_lookup(ip)} as a plain Java UDF, for clients without the SQL functions: the default columns of the
 * databases named by {@value IptriageDatabases#CONFIG}; STRING or 4/16-byte BINARY in, NULL in gives NULL.
 *
 * <p>Register it with {@link #register(SparkSession, String)} (from classic PySpark:
 * {@code spark._jvm.dev.iptriage.spark.IptriageLookupUdf.register(spark._jsparkSession, "iptriage_udf")}): the return
 * type is set there, and a missing or damaged database fails the call with the {@link IptriageException} naming the
 * file on top. Registering the class by name, as PySpark's
 * {@code spark.udf.registerJavaFunction("iptriage_udf", "dev.iptriage.spark.IptriageLookupUdf", RETURN_TYPE)} does,
 * works too, with two things Spark does that this class cannot change: the return type given must be exactly
 * {@link #RETURN_TYPE}'s text, the same fields in the same order, because Spark fills the declared struct from the
 * returned row by position and never shows a UDF the type it was declared with (fields in another order would hold
 * each other's values; fewer fields fail the tasks); and Spark makes the instance by reflection, so a damaged database
 * fails the registration with a {@code java.lang.reflect.InvocationTargetException} whose cause is the
 * {@link IptriageException} naming the file and the problem.
 *
 * <p>Spark makes the instance on the driver when it is registered: the databases are opened there (a missing or
 * damaged file fails the registration) and their content hashes travel with it, so an executor with other files fails
 * instead of answering from them, as the SQL function does. The setting is the session's at registration (a
 * {@code spark.conf.set} before it counts); without an active session, the executor's configuration.
 */
public final class IptriageLookupUdf implements UDF1<Object, Row> {
    private static final long serialVersionUID = 2L;

    /**
     * The return type in DDL: the default columns as strings ({@code struct<ip:string,status:string,...>}).
     * Databases with keys of their own (custom databases) add columns: use {@code iptriage_lookup} there.
     */
    public static final String RETURN_TYPE = ddl();

    /** The databases' spec, and the hashes the driver opened; null when made where no session is active. */
    private final String spec;

    private final ArrayList<String> hashes;
    private transient Lookup lookup;

    /**
     * Opens the databases of the active session's {@value IptriageDatabases#CONFIG}, when there is one (what
     * registering the class by name calls).
     */
    public IptriageLookupUdf() {
        this(
                SparkSession.getActiveSession().isDefined()
                        ? SparkSession.getActiveSession().get()
                        : null);
    }

    private IptriageLookupUdf(SparkSession session) {
        if (session == null) {
            spec = null;
            hashes = null;
        } else {
            spec = IptriageDatabases.normalise(session.conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN));
            IptriageDatabases.Opened opened = IptriageDatabases.open(spec, null);
            hashes = new ArrayList<>(opened.hashes());
            check(opened.lookup("default"));
        }
    }

    /**
     * Registers the UDF in {@code spark} as {@code name}, returning {@link #RETURN_TYPE} (no type to get wrong), over
     * the databases of the session's {@value IptriageDatabases#CONFIG} as it is now.
     *
     * @throws IptriageException when a database is missing or damaged (the message names the file and the problem)
     */
    public static void register(SparkSession spark, String name) {
        spark.udf().register(name, new IptriageLookupUdf(spark), DataType.fromDDL(RETURN_TYPE));
    }

    private static String ddl() {
        StringBuilder b = new StringBuilder("struct<");
        List<Column> cs = Column.parseList("default", List.of());
        for (int i = 0; i < cs.size(); i++) {
            b.append(i == 0 ? "" : ",").append(cs.get(i).name()).append(":string");
        }
        return b.append('>').toString();
    }

    /** The lookup's columns must be the declared return type's, in order: values go by position. */
    private static void check(Lookup l) {
        DataType declared = DataType.fromDDL(RETURN_TYPE);
        if (!declared.sameType(l.schema())) {
            throw new IptriageException(
                    "iptriage: these databases give the columns " + l.schema().simpleString()
                            + ", not the UDF's " + declared.simpleString()
                            + " (a custom database adds its own): use the SQL function iptriage_lookup there");
        }
    }

    @Override
    public Row call(Object ip) {
        if (ip == null) {
            return null;
        }
        Lookup l = lookup;
        if (l == null) {
            String s = spec;
            if (s == null) {
                SparkEnv env = SparkEnv.get();
                s = IptriageDatabases.normalise(
                        env == null
                                ? IptriageDatabases.BUILTIN
                                : env.conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN));
            }
            l = IptriageDatabases.open(s, hashes).lookup("default");
            check(l);
            lookup = l;
        }
        return l.lookup(ip);
    }
}
