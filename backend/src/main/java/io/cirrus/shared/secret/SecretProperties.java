package io.cirrus.shared.secret;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys tenant secrets are encrypted with at rest ({@code cirrus.secrets}, docs/adr/0030). Each key is
 * {@code <id>:<base64 of 32 random bytes>}, e.g. made with {@code echo "k2:$(openssl rand -base64 32)"}.
 *
 * @param key          the key new secrets are wrapped with; outside the demo it must be one of the operator's own
 * @param previousKeys keys of earlier rotations, still read; stored secrets are rewrapped with {@code key} in the
 *                     background, after which a previous key may be dropped
 */
@ConfigurationProperties("cirrus.secrets")
public record SecretProperties(@Nullable String key, @DefaultValue List<String> previousKeys) {
}
