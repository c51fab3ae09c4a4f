using System.CommandLine;
using Infra.GitOps.Reconciler;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Hosting;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// <c>infra-gitops serve --repo URL [--branch main] [--listen http://127.0.0.1:8080] [--poll-interval 60s]</c>: the
/// long-running reconciler in a Generic Host. Polls the remote every interval ± jitter; reconciles at once on a
/// GitHub push webhook (<c>POST /hooks/github</c>, <c>X-Hub-Signature-256</c> checked against the secret in
/// <c>INFRA_GITOPS_WEBHOOK_SECRET</c>) or a manual trigger (<c>POST /reconcile[?stack=S]</c> with
/// <c>Authorization: Bearer &lt;secret&gt;</c>), and on requests left by <c>reconcile --now</c> and <c>rollback</c>;
/// answers <c>GET /healthz</c>. Stacks run in parallel, at most <c>--concurrency</c> at once. SIGTERM or Ctrl+C stops
/// it gracefully: no new stack or step starts, the steps in flight finish and are saved, the runs are recorded;
/// exit 0. Logs go to standard output, one line each, or JSON with <c>--log-format json</c>.
/// </summary>
public static class ServeCommand
{
    /// <summary>The environment variable holding the webhook secret (by default).</summary>
    public const string WebhookSecretVariable = "INFRA_GITOPS_WEBHOOK_SECRET";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var remote = new RemoteOptions();
        var listen = new Option<Uri>("--listen")
        {
            Description = "Where to serve the webhook, the manual trigger and /healthz: a loopback URL, or 0.0.0.0 behind a proxy. Port 0 picks a free port.",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:8080"),
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
                ? uri
                : Invalid<Uri>(result, $"--listen expects an http:// URL, got '{result.Tokens.Single().Value}'"),
        };
        var poll = DurationOption("--poll-interval", "How often to fetch the remote (90, 90s, 5m, 1h).", TimeSpan.FromSeconds(60));
        var jitter = DurationOption("--jitter", "How far each poll may move either way (default: a sixth of the interval).", null);
        var concurrency = new Option<int>("--concurrency") { Description = "How many stacks are reconciled at once.", DefaultValueFactory = _ => 4 };
        var secretVariable = new Option<string>("--webhook-secret-env")
        {
            Description = $"The environment variable holding the webhook secret (without it, webhooks and the manual trigger are refused).",
            DefaultValueFactory = _ => WebhookSecretVariable,
        };
        var shutdown = DurationOption("--shutdown-timeout", "How long a stop waits for the steps in flight (keep below systemd's TimeoutStopSec).", TimeSpan.FromMinutes(5));
        var logFormat = new Option<string>("--log-format") { Description = "console (one line per event) or json.", DefaultValueFactory = _ => "console" };
        logFormat.AcceptOnlyFromAmong("console", "json");
        var command = new Command("serve", "Run the reconciler as a service: poll, webhooks, manual triggers, /healthz; stop gracefully on SIGTERM.");
        remote.AddTo(command);
        remote.AddReconcileOptionsTo(command);
        foreach (var option in new Option[] { listen, poll, jitter, concurrency, secretVariable, shutdown, logFormat })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var json = parseResult.GetRequiredValue(logFormat) == "json";
            var interval = parseResult.GetRequiredValue(poll) ?? TimeSpan.FromSeconds(60);
            var secret = Environment.GetEnvironmentVariable(parseResult.GetRequiredValue(secretVariable));
            using var startupLogs = LoggerFactory.Create(logging => ConfigureLogging(logging, json));
            var startupLogger = startupLogs.CreateLogger(typeof(ServeCommand).FullName!); // a static class has a full name
            using var session = await remote.OpenAsync(parseResult, startupLogs, cancellationToken);
            var options = session.Options("serve");
            options.Interval = interval;
            options.Jitter = parseResult.GetValue(jitter) ?? interval / 6;
            options.MaxConcurrency = parseResult.GetValue(concurrency);
            options.PathFilter = !parseResult.GetValue(remote.EveryStack);
            options.ListenAddress = parseResult.GetRequiredValue(listen);
            options.WebhookSecret = string.IsNullOrEmpty(secret) ? null : secret;
            try
            {
                options.Validate();
            }
            catch (ArgumentException exception)
            {
                throw new UsageException(exception.Message);
            }

            if (options.WebhookSecret is null)
            {
                Log.NoWebhookSecret(startupLogger, parseResult.GetRequiredValue(secretVariable));
            }

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "infra-gitops" });
            ConfigureLogging(builder.Logging, json);
            builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
            builder.Services.AddSingleton(session.Source);
            builder.Services.AddSingleton(session.Compiler);
            builder.Services.AddSingleton<IStateStore>(session.Store);
            builder.Services.AddSingleton(session.Runner);
            using var notifiers = remote.NotifiersOf(parseResult, startupLogs);
            if (notifiers.Sink is { } notifier)
            {
                // Built now, so that a bad URL is a usage error before the service starts.
                builder.Services.AddSingleton<IEventSink>(services => new CompositeEventSink(
                    new LogEventSink(services.GetRequiredService<ILogger<LogEventSink>>()), notifier));
            }

            builder.Services.AddInfraGitOpsReconciler(options, parseResult.GetRequiredValue(shutdown) ?? TimeSpan.FromMinutes(5));
            var host = builder.Build();
            var service = host.Services.GetServices<IHostedService>().OfType<ReconcilerService>().Single();
            Log.Serving(startupLogger, session.Project, remote.BranchOf(parseResult), interval, options.Jitter, options.MaxConcurrency);

            // Returns once the token (SIGTERM, Ctrl+C) stopped the host and the service finished its stacks in flight;
            // disposes the host.
            await host.RunAsync(cancellationToken);
            if (service.ExecuteTask is { IsFaulted: true } failed)
            {
                console.Error($"serve stopped: {failed.Exception?.GetBaseException().Message}");
                return ExitCodes.Failed;
            }

            Log.Stopped(startupLogger);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Parses a duration: seconds (<c>90</c>), or a number with a unit (<c>500ms</c>, <c>90s</c>, <c>5m</c>,
    /// <c>1h</c>), or <c>hh:mm:ss</c>. Null when it is none of these or not positive.
    /// </summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value > 0 && value * scale < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    private static Option<TimeSpan?> DurationOption(string name, string description, TimeSpan? defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseDuration(result.Tokens.Single().Value)
            ?? Invalid<TimeSpan?>(result, $"{name} expects a positive duration (90, 90s, 5m, 1h), got '{result.Tokens.Single().Value}'"),
    };

    private static T? Invalid<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }
}
