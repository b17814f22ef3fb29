package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTests {

    @Test
    void readsQuotedDelimitersDoubledQuotesAndLineBreaksAndKnowsEachRecordsFirstLine() {
        CsvReader csv = new CsvReader(
                new StringReader("id;note\r\n1;\"a; b\"\r\n2;\"say \"\"hi\"\"\"\n\n3;\"two\nlines\"\n4;last"), ';');
        List<String> lines = new ArrayList<>();
        List<List<String>> records = new ArrayList<>();
        for (List<String> record = csv.next(); record != null; record = csv.next()) {
            records.add(record);
            lines.add(String.valueOf(csv.recordLine()));
        }
        assertThat(records)
                .containsExactly(
                        List.of("id", "note"),
                        List.of("1", "a; b"),
                        List.of("2", "say \"hi\""),
                        List.of("3", "two\nlines"),
                        List.of("4", "last"));
        assertThat(lines).containsExactly("1", "2", "3", "5", "7");
    }

    @Test
    void anUnclosedQuoteNamesTheLineItStartedOn() {
        CsvReader csv = new CsvReader(new StringReader("id,note\n1,ok\n2,\"never closed\n3,x\n"), ',');
        csv.next();
        csv.next();
        assertThatThrownBy(csv::next)
                .isInstanceOf(CsvReader.MalformedCsvException.class)
                .hasMessageStartingWith("line 3: ")
                .hasMessageContaining("quoted field is not closed");
    }

    @Test
    void aFieldLongerThanTheLimitStopsTheFileInsteadOfFillingMemory() {
        String huge = "x".repeat(CsvReader.MAX_FIELD + 10);
        CsvReader csv = new CsvReader(new StringReader("id,note\n1,\"" + huge + "\"\n"), ',');
        csv.next();
        assertThatThrownBy(csv::next)
                .isInstanceOf(CsvReader.MalformedCsvException.class)
                .hasMessageContaining("longer than " + CsvReader.MAX_FIELD);
    }
}
