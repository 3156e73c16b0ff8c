package io.cirrus.health;

import java.util.Arrays;
import java.util.Optional;

/** The comparison of an alarm rule: the value, then the operator, then the threshold. */
public enum Comparison {

	ABOVE(">"), AT_LEAST(">="), BELOW("<"), AT_MOST("<="), EQUAL("=="), NOT_EQUAL("!=");

	private final String symbol;

	Comparison(String symbol) {
		this.symbol = symbol;
	}

	public String symbol() {
		return symbol;
	}

	public boolean holds(double value, double threshold) {
		return switch (this) {
			case ABOVE -> value > threshold;
			case AT_LEAST -> value >= threshold;
			case BELOW -> value < threshold;
			case AT_MOST -> value <= threshold;
			case EQUAL -> value == threshold;
			case NOT_EQUAL -> value != threshold;
		};
	}

	public static Optional<Comparison> ofSymbol(String symbol) {
		return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
	}
}
