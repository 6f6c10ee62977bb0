package dev.voicebridge.infra.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An image URI in a private ECR registry, whose repository the host must be allowed to pull from. */
record EcrImage(String account, String region, String repository) {

    private static final Pattern ECR =
            Pattern.compile("^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?:[:@].*)?$");

    static Optional<EcrImage> parse(String imageUri) {
        Matcher m = ECR.matcher(imageUri);
        return m.matches() ? Optional.of(new EcrImage(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    String registry() {
        return account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    String repositoryArn(String partition) {
        return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + repository;
    }
}
