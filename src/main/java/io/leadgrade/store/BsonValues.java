package io.leadgrade.store;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;

/**
 * One value of a store key (a document's {@code _id}, one field of a unique index's key) as its BSON type byte and
 * BSON bytes on disk, and the order the store keeps them in: values compared as they are, without encoding either,
 * consistent with {@code equals} (two values compare as 0 only when they are equal, so a map never merges two
 * keys), ordered by BSON type as MongoDB orders them (numbers, strings, documents, arrays, binary, ObjectIds,
 * booleans, dates, timestamps) and within a type by value. Documents and arrays compare field by field in their
 * order, as MongoDB compares them.
 *
 * <p>H2's default for these keys was a Java serialisation of each value and, for values that are not Java's own,
 * an order by those serialised bytes: each comparison of a binary search serialised both sides.
 */
final class BsonValues {

    /** The tag of mongo-java-server's {@link Missing} (a document without an {@code _id} value); no BSON type is 0. */
    private static final byte MISSING = 0;

    /** One encoding buffer per thread: keys are written by the committing thread, many in a row. */
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(256));

    private BsonValues() {}

    static void write(WriteBuffer out, Object value) {
        if (value instanceof Missing) {
            out.put(MISSING);
            return;
        }
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        encode(value, buffer);
        out.put(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
        if (buffer.capacity() > 1 << 16) {
            BUFFER.remove(); // one large key should not pin a large buffer
        }
    }

    static Object read(ByteBuffer in) {
        byte type = in.get();
        if (type == MISSING) {
            return Missing.getInstance();
        }
        ByteBuf bytes = Unpooled.wrappedBuffer(in.duplicate());
        Object value = BsonDecoder.decodeValue(type, bytes);
        in.position(in.position() + bytes.readerIndex());
        return value;
    }

    /** A rough size in memory, for H2's page cache accounting. */
    static int memory(Object value) {
        if (value instanceof CharSequence text) {
            return 40 + 2 * text.length();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return 64 + 64 * (value instanceof Map<?, ?> map ? map.size() : ((Collection<?>) value).size());
        }
        return 32;
    }

    /** Classes whose own order is their BSON value's order and is consistent with {@code equals}. */
    private static final java.util.Set<Class<?>> NATURAL = java.util.Set.of(
            String.class,
            ObjectId.class,
            Boolean.class,
            Instant.class,
            UUID.class,
            Integer.class,
            Long.class,
            Double.class);

    @SuppressWarnings("unchecked")
    static int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        if (a.getClass() == b.getClass() && NATURAL.contains(a.getClass())) {
            return ((Comparable<Object>) a).compareTo(b);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof Map<?, ?> x) { // of one rank: both documents, whatever their classes
            return compareDocuments(x, (Map<?, ?>) b);
        }
        if (a instanceof List<?> x) {
            return compareSequences(x.iterator(), ((List<?>) b).iterator());
        }
        if (a.getClass() != b.getClass()) {
            // Two kinds of one rank (a UUID and other binary data, a string and a symbol): apart, in a fixed order.
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        if (a instanceof BinData x) { // MongoDB: the shorter first, then by bytes
            byte[] y = ((BinData) b).getData();
            int length = Integer.compare(x.getData().length, y.length);
            return length != 0 ? length : Arrays.compareUnsigned(x.getData(), y);
        }
        if (a instanceof BsonTimestamp x) {
            return Long.compare(x.getValue(), ((BsonTimestamp) b).getValue());
        }
        if (a instanceof MinKey || a instanceof MaxKey) {
            return 0;
        }
        // The rest (regular expressions, JavaScript, legacy UUIDs) is rare in a key: by its bytes.
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    /**
     * Numbers of two classes (or two Decimal128s) by value and then by class, so that 1 and 1.0 stay two keys
     * (the {@code _id} index already refuses a second document whose number equals a first one's).
     */
    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Decimal128 x && b instanceof Decimal128 y) { // its compareTo calls 1.0 and 1.00 equal
            int high = Long.compare(x.getHigh(), y.getHigh());
            return high != 0 ? high : Long.compare(x.getLow(), y.getLow());
        }
        int value = Double.compare(a.doubleValue(), b.doubleValue());
        if (value != 0) {
            return value;
        }
        int kind = a.getClass().getName().compareTo(b.getClass().getName());
        return kind != 0 ? kind : Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static int compareDocuments(Map<?, ?> a, Map<?, ?> b) {
        Iterator<? extends Map.Entry<?, ?>> x = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> y = b.entrySet().iterator();
        while (x.hasNext() && y.hasNext()) {
            Map.Entry<?, ?> one = x.next();
            Map.Entry<?, ?> other = y.next();
            // MongoDB's order of two fields: the types of their values, their names, their values.
            int type = Integer.compare(rank(one.getValue()), rank(other.getValue()));
            if (type != 0) {
                return type;
            }
            int key = String.valueOf(one.getKey()).compareTo(String.valueOf(other.getKey()));
            if (key != 0) {
                return key;
            }
            int value = compare(one.getValue(), other.getValue());
            if (value != 0) {
                return value;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    static int compareSequences(Iterator<?> x, Iterator<?> y) {
        while (x.hasNext() && y.hasNext()) {
            int value = compare(x.next(), y.next());
            if (value != 0) {
                return value;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    /** MongoDB's order of BSON types (its comparison/sort order), {@code null} and a missing value first. */
    private static int rank(Object value) {
        if (value == null || value instanceof Missing) {
            return value == null ? 2 : 1;
        }
        if (value instanceof MinKey) {
            return 0;
        }
        if (value instanceof Number) {
            return 3;
        }
        if (value instanceof CharSequence) {
            return 4;
        }
        if (value instanceof Map<?, ?>) {
            return 5;
        }
        if (value instanceof List<?>) {
            return 6;
        }
        if (value instanceof BinData || value instanceof UUID || value instanceof byte[]) {
            return 7;
        }
        if (value instanceof ObjectId) {
            return 8;
        }
        if (value instanceof Boolean) {
            return 9;
        }
        if (value instanceof Instant) {
            return 10;
        }
        if (value instanceof BsonTimestamp) {
            return 11;
        }
        if (value instanceof MaxKey) {
            return 13;
        }
        return 12;
    }

    private static byte[] bytes(Object value) {
        ByteBuf buffer = Unpooled.buffer(64);
        encode(value, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    /** The value's BSON type byte and BSON value. */
    private static void encode(Object value, ByteBuf buffer) {
        byte type = BsonEncoder.determineType(value);
        buffer.writeByte(type);
        BsonEncoder.encodeValue(type, value, buffer);
    }
}
