package io.leadgrade.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Keeps a stored document as its BSON bytes, on disk and in memory, instead of H2's default of a Java serialisation
 * of the server's {@link Document}: about a third of the bytes, and none of {@code ObjectOutputStream}'s allocation.
 *
 * <p>A map of this type holds {@code byte[]} values: a document is encoded once, when it is stored ({@link
 * #encode}), and decoded each time it is read ({@link #decode}), so a commit writes a page by copying its documents'
 * bytes. When the values were the server's documents, every commit encoded every document of every page it wrote
 * (a page holds several documents, and one changed document rewrites its page), which was about a quarter of the
 * store's time in the demo import (docs/benchmarks.md, "The store keeps bytes"). A {@link Document} put into such a
 * map (the conversion of an old file does) is encoded when its page is written. The server's own encoder and decoder
 * do the work, so every type the wire carries round-trips.
 */
final class BsonDocumentType extends BasicDataType<Object> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** One encoding buffer per thread: documents are encoded by the thread that stores them. */
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private BsonDocumentType() {}

    /** The document's BSON bytes, as a map of this type keeps them. */
    static byte[] encode(Document document) {
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        if (buffer.capacity() > 1 << 20) {
            BUFFER.remove(); // one large document should not pin a large buffer
        }
        return bytes;
    }

    /** A new document from stored bytes: each read gets its own copy, which nothing else holds. */
    static Document decode(byte[] bytes) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void write(WriteBuffer out, Object value) {
        out.put(value instanceof byte[] bytes ? bytes : encode((Document) value));
    }

    @Override
    public byte[] read(ByteBuffer in) {
        int start = in.position();
        int length = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /**
     * A rough size in memory, for the page cache's accounting; H2 samples it (memory estimation), so it need not be
     * exact, only cheap: no encoding.
     */
    @Override
    public int getMemory(Object value) {
        return value instanceof byte[] bytes ? 16 + bytes.length : 48 + estimate(value);
    }

    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 40 + 2 * String.valueOf(entry.getKey()).length() + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = 32;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof CharSequence text) {
            return 40 + text.length();
        }
        return 24;
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
