package dev.caretaker.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.DirectDelivery;
import dev.caretaker.chat.Inbound;
import dev.caretaker.security.RolesConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/** Wires the Slack adapter; nothing here exists unless a bot token is configured ({@link SlackEnabled}). */
@Factory
@Requires(condition = SlackEnabled.class)
public class SlackFactory {

    @Singleton
    SlackSettings slackSettings(PropertyResolver properties, SlackProperties bound) {
        return SlackSettings.of(properties, bound);
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
        return new SlackCallers(api, () -> roles.groupIds(SlackPlatform.SLACK), settings.usergroupCacheTtl(), clock);
    }

    /**
     * Commands run on Micronaut's blocking executor (a virtual thread each, so no pool to size or queue to overflow);
     * the ack timer is Micronaut's scheduler.
     */
    @Singleton
    SlackCommandRunner slackCommandRunner(Inbound inbound, SlackCallers callers, SlackWebApi api,
                                          BlockKitRenderer renderer, DirectDelivery retries, SlackSettings settings,
                                          @Named(TaskExecutors.BLOCKING) ExecutorService workers,
                                          @Named(TaskExecutors.SCHEDULED) TaskScheduler timer) {
        return new SlackCommandRunner(inbound, callers, api, renderer, retries, workers, timer,
                settings.ackWait(), settings.progressInterval());
    }

    @Singleton
    @Bean(preDestroy = "stop")
    App slackApp(Slack slack, SlackSettings settings, SlackCommandRunner runner) {
        return SlackBoltApp.build(slack, settings, runner);
    }
}
