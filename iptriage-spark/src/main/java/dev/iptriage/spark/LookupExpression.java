package dev.iptriage.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code iptriage_lookup(ip [, 'fields'])} as a Catalyst expression: answers with Spark's internal
 * struct (cells already {@code UTF8String}), so a row costs no conversion from Java objects, and a
 * value answered before on this JVM costs one hash probe ({@link Lookup#internal}). Generates its own
 * code (a call of the lookup on the child's value), so a query keeps it inside Spark's whole-stage
 * code generation: an expression that falls back to {@link #eval} ({@code CodegenFallback}) splits
 * the stage and costs each row one more copy of all its columns.
 */
final class LookupExpression extends Expression implements Serializable {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // Spark's expressions are serializable (case classes), their base type is not
    private final Expression child;

    private final LookupFunction function;
    private final StructType schema;
    private transient Seq<Expression> children;

    LookupExpression(Expression child, LookupFunction function, StructType schema) {
        this.child = child;
        this.function = function;
        this.schema = schema;
    }

    @Override
    public Seq<Expression> children() {
        Seq<Expression> c = children;
        if (c == null) {
            c = CollectionConverters.asScala(List.of(child)).toList();
            children = c;
        }
        return c;
    }

    @Override
    public boolean nullable() {
        return child.nullable();
    }

    @Override
    public Object eval(InternalRow input) {
        Object value = child.eval(input);
        return value == null ? null : function.lookup().internal(value);
    }

    @Override
    public DataType dataType() {
        return schema;
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        return new LookupExpression(newChildren.apply(0), function, schema);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        ExprCode in = child.genCode(ctx);
        // the generated class sees only public types: the lookup is referenced as a Function
        String lookup = ctx.addReferenceObj("iptriageLookup", new Answer(function), Function.class.getName());
        String row = InternalRow.class.getName();
        String code = "boolean " + ev.isNull() + " = " + in.isNull() + ";\n"
                + row + " " + ev.value() + " = null;\n"
                + "if (!" + ev.isNull() + ") {\n"
                + "  " + ev.value() + " = (" + row + ") " + lookup + ".apply(" + in.value() + ");\n"
                + "  " + ev.isNull() + " = " + ev.value() + " == null;\n"
                + "}\n";
        ev.code_$eq(Block.blocksToBlock(CollectionConverters.asScala(List.<Block>of(
                        in.code(),
                        new CodeBlock(
                                CollectionConverters.asScala(List.of(code)).toList(), emptyCode())))
                .toList()));
        return ev;
    }

    private static Seq<JavaCode> emptyCode() {
        return CollectionConverters.asScala(List.<JavaCode>of()).toList();
    }

    /** The lookup as generated code calls it: internal row for a UTF8String or byte[] (never null). */
    private record Answer(LookupFunction function) implements Function<Object, Object>, Serializable {
        @Override
        public Object apply(Object value) {
            return function.lookup().internal(value);
        }
    }

    @Override
    public String prettyName() {
        return "iptriage_lookup";
    }

    private String fieldsArgument() {
        return "default".equals(function.fields())
                ? ""
                : ", '" + function.fields().replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return prettyName() + "(" + child + fieldsArgument() + ")";
    }

    @Override
    public String sql() {
        return prettyName() + "(" + child.sql() + fieldsArgument() + ")";
    }

    @Override
    public int productArity() {
        return 3;
    }

    @Override
    public Object productElement(int n) {
        return switch (n) {
            case 0 -> child;
            case 1 -> function;
            case 2 -> schema;
            default -> throw new IndexOutOfBoundsException(n);
        };
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof LookupExpression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupExpression e
                && child.equals(e.child)
                && function.equals(e.function)
                && schema.equals(e.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(child, function, schema);
    }
}
