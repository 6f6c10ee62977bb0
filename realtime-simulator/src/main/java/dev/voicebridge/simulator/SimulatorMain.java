package dev.voicebridge.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until interrupted (Ctrl-C). Settings come from the environment:
 * SIMULATOR_HOST (default 127.0.0.1), SIMULATOR_PORT (8089), SIMULATOR_API_KEY (simulator-api-key),
 * SIMULATOR_DEPLOYMENT (gpt-realtime).
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Before any logger exists: INFO logging for a standalone run. Not a plain logback.xml, which
        // would take over the logging of every application that has the simulator on its classpath.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/voicebridge/simulator/standalone-logback.xml");
        }
        SimulatorOptions options = SimulatorOptions.builder()
                .host(env("SIMULATOR_HOST", "127.0.0.1"))
                .port(Integer.parseInt(env("SIMULATOR_PORT", "8089")))
                .apiKey(env("SIMULATOR_API_KEY", "simulator-api-key"))
                .deployment(env("SIMULATOR_DEPLOYMENT", "gpt-realtime"))
                .build();
        RealtimeSimulator simulator = RealtimeSimulator.start(options);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }));
        System.out.println("Azure OpenAI Realtime simulator listening. Point the gateway at it with:");
        System.out.println("  AZURE_OPENAI_ENDPOINT=" + simulator.baseUrl());
        System.out.println("  AZURE_OPENAI_DEPLOYMENT=" + simulator.deployment());
        System.out.println("  AZURE_OPENAI_API_KEY=<SIMULATOR_API_KEY; default simulator-api-key>");
        System.out.println("GA:      " + simulator.gaUri());
        System.out.println("preview: " + simulator.previewUri());
        stop.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
