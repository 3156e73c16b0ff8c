package io.cirrus.tenant;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.jspecify.annotations.Nullable;

/** An IANA time zone id such as {@code Europe/Berlin}; {@code null} and blank are left to other constraints. */
@Documented
@Constraint(validatedBy = TimeZoneId.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeZoneId {

	String message() default "must be an IANA time zone such as Europe/Berlin or UTC";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Accepts exactly the region ids the JDK knows, plus UTC. */
	class Validator implements ConstraintValidator<TimeZoneId, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			return value == null || value.isBlank() || value.equals("UTC") || ZoneId.getAvailableZoneIds().contains(value);
		}
	}
}
