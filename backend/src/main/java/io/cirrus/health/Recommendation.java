package io.cirrus.health;

/**
 * Advice for a symptom, linking to the entity it is about.
 *
 * @param severity how pressing it is
 * @param symptom  what was observed, with facts (since when, how much)
 * @param advice   what to check or do
 * @param link     portal path of the entity
 */
public record Recommendation(Severity severity, String symptom, String advice, String link) {
}
