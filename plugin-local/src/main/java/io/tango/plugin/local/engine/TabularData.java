package io.tango.plugin.local.engine;

import io.tango.api.InvalidRequestException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A small in-memory table for training: named columns and rows of values (Double for numbers, String for text, null
 * for empty cells). Immutable.
 *
 * @param columns the column names, in order
 * @param rows the rows, each with one value per column
 */
public record TabularData(List<String> columns, List<List<Object>> rows) {

    public TabularData {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        List<List<Object>> copy = new ArrayList<>(requireNonNull(rows, "rows is null").size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row " + copy.size() + " has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * Reads comma-separated values with a header line (RFC 4180 quoting; numbers become Double, empty cells null).
     *
     * @param source where the data is read from, for messages
     * @param reader the text
     * @return the table
     * @throws IOException if reading fails
     * @throws InvalidRequestException if the text is not a well-formed table
     */
    public static TabularData readCsv(String source, Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        List<List<String>> records = CsvRecords.parse(lines);
        if (records.isEmpty()) {
            throw new InvalidRequestException(source + " is empty; it needs a header line and at least one row");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Set<String> unique = new LinkedHashSet<>(header);
        if (unique.size() != header.size() || header.contains("")) {
            throw new InvalidRequestException(source + " has an empty or repeated column name in its header " + header);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw new InvalidRequestException(source + " line " + (i + 1) + " has " + record.size() + " values; the header has "
                        + header.size() + " columns");
            }
            List<Object> row = new ArrayList<>(record.size());
            for (String cell : record) {
                row.add(parseCell(cell));
            }
            rows.add(row);
        }
        return new TabularData(header, rows);
    }

    /**
     * @param records rows as maps from column to value (the first row's keys give the column order)
     * @return the table; a key missing from a row is a null cell
     * @throws InvalidRequestException if a row has a column the first row does not have
     */
    public static TabularData fromRecords(List<Map<String, Object>> records) {
        if (records.isEmpty()) {
            throw new InvalidRequestException("'rows' is empty; training needs at least one row");
        }
        List<String> columns = new ArrayList<>(records.get(0).keySet());
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            for (String key : record.keySet()) {
                if (!columns.contains(key)) {
                    throw new InvalidRequestException("'rows' row " + i + " has column '" + key
                            + "', which the first row does not have; columns are " + columns);
                }
            }
            List<Object> row = new ArrayList<>(columns.size());
            for (String column : columns) {
                Object value = record.get(column);
                row.add(value instanceof Number number ? (Object) number.doubleValue() : value);
            }
            rows.add(row);
        }
        return new TabularData(columns, rows);
    }

    /**
     * @param name a column's name
     * @return its index
     * @throws InvalidRequestException if there is no such column
     */
    public int indexOf(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new InvalidRequestException("column '" + name + "' is not in the data; its columns are " + columns);
        }
        return index;
    }

    /** @return the column's values */
    public List<Object> column(String name) {
        int index = indexOf(name);
        return rows.stream().map(row -> row.get(index)).toList();
    }

    /** @return the rows as maps from column to value, in column order */
    public List<Map<String, Object>> records() {
        List<Map<String, Object>> records = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                record.put(columns.get(i), row.get(i));
            }
            records.add(record);
        }
        return records;
    }

    private static Object parseCell(String cell) {
        String text = cell.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
