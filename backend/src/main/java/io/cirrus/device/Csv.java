package io.cirrus.device;

import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader: comma separated, double quotes around fields with commas, quotes ("") or line breaks. */
final class Csv {

	private Csv() {
	}

	/** The records of {@code text}; blank lines are skipped. Throws IllegalArgumentException on an open quote. */
	static List<List<String>> parse(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean fieldStarted = false;
		int i = 0;
		if (text.startsWith("\uFEFF")) {
			i = 1;
		}
		for (; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
				fieldStarted = true;
			}
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
				fieldStarted = true;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
					record.add(field.toString());
					records.add(record);
				}
				record = new ArrayList<>();
				field.setLength(0);
				fieldStarted = false;
			}
			else {
				field.append(c);
				fieldStarted = true;
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("a quoted field is not closed");
		}
		if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
			record.add(field.toString());
			records.add(record);
		}
		return records;
	}
}
