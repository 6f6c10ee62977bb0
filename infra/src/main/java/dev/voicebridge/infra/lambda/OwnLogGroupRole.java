package dev.voicebridge.infra.lambda;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A Lambda execution role written out by hand, with a log group of its own. AWSLambdaBasicExecutionRole
 * would grant logs:* on "*"; this role may write to its own group only. The children keep the ids
 * "Logs" and "Role" in the caller's scope, so templates do not change when a construct adopts it.
 */
public record OwnLogGroupRole(LogGroup logGroup, Role role) {

    public static OwnLogGroupRole create(Construct scope, String description) {
        LogGroup logGroup = LogGroup.Builder.create(scope, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        return new OwnLogGroupRole(logGroup, role);
    }
}
