package dev.caretaker.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.DirectDelivery;
import dev.caretaker.security.RolesConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the Slack adapter; nothing here exists unless a bot token is configured ({@link SlackEnabled}). */
@Factory
@Requires(condition = SlackEnabled.class)
public class SlackFactory {

    /** Commands running at once from Slack; more wait in a queue of {@link #QUEUED_COMMANDS}. */
    static final int WORKERS = 32;
    static final int QUEUED_COMMANDS = 1_000;

    @Singleton
    SlackSettings slackSettings(PropertyResolver properties) {
        return SlackSettings.from(properties);
    }

    @Singleton
    @Bean(preDestroy = "close")
    Slack slack(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    @Singleton
    SlackWebApi slackWebApi(Slack slack, SlackSettings settings) {
        return new SlackWebApi(slack, settings.botToken().reveal());
    }

    @Singleton
    BlockKitRenderer blockKitRenderer() {
        return new BlockKitRenderer();
    }

    @Singleton
    @Named("slack")
    ChatAdapter slackChatAdapter(SlackWebApi api, BlockKitRenderer renderer) {
        return new SlackChatAdapter(api, renderer);
    }

    @Singleton
    SlackCallers slackCallers(SlackWebApi api, RolesConfig roles, SlackSettings settings, Clock clock) {
        return new SlackCallers(api, roles::slackUsergroups, settings.usergroupCacheTtl(), clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    SlackCommandRunner slackCommandRunner(SlackPipeline pipeline, SlackCallers callers, SlackWebApi api,
                                          BlockKitRenderer renderer, DirectDelivery retries, SlackSettings settings) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUED_COMMANDS), r -> daemon(r, "slack-command-" + n.incrementAndGet()));
        workers.allowCoreThreadTimeOut(true);
        return new SlackCommandRunner(pipeline, callers, api, renderer, retries, workers,
                Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "slack-ack-timer")),
                settings.ackWait(), settings.progressInterval());
    }

    @Singleton
    @Bean(preDestroy = "stop")
    App slackApp(Slack slack, SlackSettings settings, SlackCommandRunner runner) {
        return SlackBoltApp.build(slack, settings, runner);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
