package io.cirrus.health;

import java.time.Instant;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Advice for a symptom, linking to the entity it is about.
 *
 * @param severity how pressing it is
 * @param symptom  what was observed, with facts (since when, how much); a time in it is written ISO-8601 in UTC
 * @param advice   what to check or do
 * @param link     portal path of the entity
 * @param at       the time the symptom names, if it names one (so a reader can show it in its own zone)
 */
public record Recommendation(Severity severity, String symptom, String advice, String link, @Nullable Instant at) {

	/** Advice whose symptom names no time. */
	public Recommendation(Severity severity, String symptom, String advice, String link) {
		this(severity, symptom, advice, link, null);
	}

	/** The symptom with its time written by {@code time} (e.g. in the tenant's zone) instead of in UTC. */
	public String symptom(Function<Instant, String> time) {
		return at == null ? symptom : symptom.replace(at.toString(), time.apply(at));
	}
}
