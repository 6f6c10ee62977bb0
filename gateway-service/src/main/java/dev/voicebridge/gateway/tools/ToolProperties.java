package dev.voicebridge.gateway.tools;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tools offered to the model.
 *
 * @param hangUp          offer hang_up
 * @param transfer        offer transfer_to_human (needs an SMA call)
 * @param transferNumber  the E.164 number transfer_to_human uses when the model gives none
 * @param transferAllowed a regular expression every transfer target must match; by default only
 *                        {@code transferNumber}, so a talked-into model cannot dial premium numbers
 * @param sendDtmf        offer send_dtmf
 * @param timeout         the longest any tool may take before the model is told it failed
 * @param http            deployer tools: each POSTs its arguments to an endpoint
 * @param awsRegion       region of the Chime SDK Voice API for hang-up and transfer
 * @param chimeEndpoint   endpoint override for the Chime SDK Voice API (tests, VPC endpoints)
 */
@Validated
@ConfigurationProperties("voicebridge.tools")
public record ToolProperties(
        @DefaultValue("true") boolean hangUp,
        @DefaultValue("true") boolean transfer,
        String transferNumber,
        String transferAllowed,
        @DefaultValue("true") boolean sendDtmf,
        @NotNull @DefaultValue("8s") Duration timeout,
        @Valid List<HttpTool> http,
        @NotBlank @DefaultValue("us-east-1") String awsRegion,
        URI chimeEndpoint) {

    public ToolProperties {
        http = http == null ? List.of() : List.copyOf(http);
    }

    /**
     * @param parameters JSON schema of the arguments, as a JSON string
     * @param timeout    this tool's timeout; the global one when unset
     */
    public record HttpTool(
            @NotBlank String name,
            @NotBlank String description,

            @DefaultValue("{\"type\":\"object\",\"properties\":{}}")
            String parameters,

            @NotNull URI endpoint,
            Duration timeout) {}
}
