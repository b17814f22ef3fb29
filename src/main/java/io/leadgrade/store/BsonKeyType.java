package io.leadgrade.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The store's keys as BSON ({@link BsonValues}): {@link #ID} for a document's {@code _id} (the key of a collection's
 * map and what a unique index points to), {@link #INDEX} for a unique index's key (mongo-java-server's {@link
 * KeyValue}: the values of the indexed fields, normalised). Comparisons read the values as they are; nothing is
 * encoded to compare.
 */
final class BsonKeyType {

    /** A document's {@code _id}: the key of a collection's map, the value of its unique indexes' maps. */
    static final BasicDataType<Object> ID = new Id();

    /** A unique index's key. */
    static final BasicDataType<KeyValue> INDEX = new Index();

    private BsonKeyType() {}

    private static final class Id extends BasicDataType<Object> {

        @Override
        public int compare(Object a, Object b) {
            return BsonValues.compare(a, b);
        }

        @Override
        public void write(WriteBuffer out, Object value) {
            BsonValues.write(out, value);
        }

        @Override
        public Object read(ByteBuffer in) {
            return BsonValues.read(in);
        }

        @Override
        public int getMemory(Object value) {
            return BsonValues.memory(value);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    private static final class Index extends BasicDataType<KeyValue> {

        @Override
        public int compare(KeyValue a, KeyValue b) {
            return a == b ? 0 : BsonValues.compareSequences(a.iterator(), b.iterator());
        }

        @Override
        public void write(WriteBuffer out, KeyValue key) {
            out.putVarInt(key.size());
            for (Object value : key) {
                BsonValues.write(out, value);
            }
        }

        @Override
        public KeyValue read(ByteBuffer in) {
            int size = DataUtils.readVarInt(in);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(BsonValues.read(in));
            }
            return new KeyValue(values);
        }

        @Override
        public int getMemory(KeyValue key) {
            int memory = 24;
            for (Object value : key) {
                memory += 8 + BsonValues.memory(value);
            }
            return memory;
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
