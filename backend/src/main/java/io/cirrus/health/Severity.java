package io.cirrus.health;

/**
 * How serious an alarm is, most serious first. Whoever tells people about an alarm decides what each means to them
 * (the notification module maps it to a notification priority).
 */
public enum Severity {

	CRITICAL, MAJOR, MINOR, WARNING
}
