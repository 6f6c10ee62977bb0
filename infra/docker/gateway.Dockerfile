# VoiceBridge gateway image. Build context: the repository root, after
#   ./mvnw -B -pl gateway-service -am package -DskipTests
# e.g. docker build -f infra/docker/gateway.Dockerfile -t voicebridge-gateway .
# (the CDK app builds it the same way as a container asset).
FROM eclipse-temurin:25-jre

# A fixed, unprivileged user: SIP 5060 and the RTP range are above 1024, so no root is needed.
RUN groupadd --system --gid 10001 voicebridge \
 && useradd --system --uid 10001 --gid voicebridge --home-dir /app --shell /usr/sbin/nologin voicebridge

WORKDIR /app
COPY --chown=voicebridge:voicebridge gateway-service/target/gateway-service-*-exec.jar /app/gateway.jar

USER voicebridge
# SIP (UDP and TCP), the admin/WebSocket HTTP port; the RTP range (GATEWAY_RTP_PORT_MIN..MAX, UDP)
# is published by running with --network host, as the deployment does.
EXPOSE 5060/udp 5060/tcp 8080/tcp

# Heap from the container's memory limit; java is PID 1 so SIGTERM reaches the gateway's drain.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/gateway.jar"]
