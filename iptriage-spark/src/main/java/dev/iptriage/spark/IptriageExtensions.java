package dev.iptriage.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers iptriage's SQL functions: {@code iptriage_lookup(ip [, 'fields'])}, {@code
 * iptriage_extract(text)} and the table function {@code iptriage_databases()}. Loaded by Spark from
 * {@code META-INF/services} when the jar is on the classpath, or named in {@code spark.sql.extensions}.
 */
public final class IptriageExtensions implements SparkSessionExtensionsProvider {
    private static final String LOOKUP = "iptriage_lookup";
    private static final String EXTRACT = "iptriage_extract";
    private static final String DATABASES = "iptriage_databases";
    private static final String CLASS = IptriageExtensions.class.getName();

    /** The schema of {@code iptriage_databases()}. */
    static final StructType DATABASES_SCHEMA = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("build_date", DataTypes.StringType, false)
            .add("sha256", DataTypes.StringType, false)
            .add("origin", DataTypes.StringType, false);

    /** For ServiceLoader and {@code spark.sql.extensions}. */
    public IptriageExtensions() {}

    @Override
    public BoxedUnit apply(SparkSessionExtensions e) {
        e.injectFunction(new Tuple3<>(
                new FunctionIdentifier(LOOKUP),
                info(
                        LOOKUP,
                        "_FUNC_(ip [, 'field,list']) - the columns iptriage enrich writes for the address"
                                + " (STRING, or 4/16-byte BINARY), as a struct of strings; status always"
                                + " present; NULL in, NULL out; text that is no address has status invalid."
                                + " Databases: spark.iptriage.databases."),
                fn(IptriageExtensions::lookup)));
        e.injectFunction(new Tuple3<>(
                new FunctionIdentifier(EXTRACT),
                info(
                        EXTRACT,
                        "_FUNC_(text) - the addresses found in the text, in order, as iptriage extract"
                                + " finds them (defanged ones refanged); NULL in, NULL out."),
                fn(IptriageExtensions::extract)));
        e.injectTableFunction(new Tuple3<>(
                new FunctionIdentifier(DATABASES),
                info(
                        DATABASES,
                        "_FUNC_() - the databases iptriage_lookup uses (spark.iptriage.databases): name,"
                                + " type, build date, SHA-256 of the content, origin. Every executor"
                                + " checks that its files have these hashes before its first lookup."),
                fn(IptriageExtensions::databases)));
        return BoxedUnit.UNIT;
    }

    private static ExpressionInfo info(String name, String usage) {
        return new ExpressionInfo(CLASS, null, name, usage, "", "", "", "", "", "", "java_udf");
    }

    private interface Builder<R> {
        R build(List<Expression> args);
    }

    private static <R> AbstractFunction1<Seq<Expression>, R> fn(Builder<R> b) {
        return new AbstractFunction1<>() {
            @Override
            public R apply(Seq<Expression> args) {
                return b.build(CollectionConverters.asJava(args));
            }
        };
    }

    /** The databases spec of the active session. */
    static String spec() {
        return IptriageDatabases.normalise(
                SparkSession.active().conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN));
    }

    private static Expression lookup(List<Expression> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException(LOOKUP + " takes the address and an optional literal field list, not "
                    + args.size() + " arguments");
        }
        Expression ip = args.get(0);
        DataType t = ip.dataType();
        if (!(t instanceof StringType) && !(t instanceof BinaryType)) {
            throw new IllegalArgumentException(LOOKUP + " reads a STRING or a 4/16-byte BINARY address, not "
                    + t.simpleString() + ": cast the column");
        }
        String fields = "default";
        if (args.size() == 2) {
            Expression f = args.get(1);
            if (!f.foldable() || !(f.dataType() instanceof StringType)) {
                throw new IllegalArgumentException(
                        LOOKUP + "'s second argument must be a literal string of fields, e.g. 'asn,as_org'");
            }
            Object v = f.eval(null);
            fields = v == null ? "default" : ((UTF8String) v).toString();
        }
        String spec = spec();
        long cache = IptriageDatabases.cacheBytes(
                SparkSession.active().conf().get(IptriageDatabases.CACHE, IptriageDatabases.CACHE_DEFAULT));
        // opened on the driver first: a missing or damaged file fails the query here, before any task
        IptriageDatabases.Opened opened = IptriageDatabases.open(spec, null);
        Lookup lookup = opened.lookup(fields);
        return new LookupExpression(
                ip, new LookupFunction(spec, opened.hashes(), Lookup.normaliseFields(fields), cache), lookup.schema());
    }

    private static Expression extract(List<Expression> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException(EXTRACT + " takes one argument, the text, not " + args.size());
        }
        Expression text = args.get(0);
        if (!(text.dataType() instanceof StringType)) {
            throw new IllegalArgumentException(
                    EXTRACT + " reads a STRING, not " + text.dataType().simpleString() + ": cast the column");
        }
        return udf(new ExtractFunction(), DataTypes.createArrayType(DataTypes.StringType, false), text, EXTRACT);
    }

    private static Expression udf(Object function, DataType type, Expression child, String name) {
        Seq<Expression> children = CollectionConverters.asScala(List.of(child)).toList();
        List<Option<ExpressionEncoder<?>>> encoders = new ArrayList<>();
        encoders.add(Option.empty());
        Seq<Option<ExpressionEncoder<?>>> inputEncoders =
                CollectionConverters.asScala(encoders).toList();
        return new ScalaUDF(function, type, children, inputEncoders, Option.empty(), Option.apply(name), true, true);
    }

    private static LogicalPlan databases(List<Expression> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException(DATABASES + " takes no arguments");
        }
        List<Row> rows = new ArrayList<>();
        for (IptriageDatabases.Info i : IptriageDatabases.open(spec(), null).infos()) {
            rows.add(RowFactory.create(i.name(), i.type(), i.buildDate(), i.sha256(), i.origin()));
        }
        List<Attribute> output =
                new ArrayList<>(CollectionConverters.asJava(DataTypeUtils.toAttributes(DATABASES_SCHEMA)));
        return LocalRelation.fromExternalRows(
                CollectionConverters.asScala(output).toList(),
                CollectionConverters.asScala(rows).toList());
    }
}
