using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Cli;

/// <summary>The tool's own log messages (those of <c>serve</c>), source-generated, with stable event ids (6000-6099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Serving project {Project}, branch {Target}: polling every {Interval} ± {Jitter}, {Concurrency} stacks at once")]
    public static partial void Serving(ILogger logger, string project, string target, TimeSpan interval, TimeSpan jitter, int concurrency);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "No webhook secret in ${Variable}: webhooks and the manual trigger are refused, polling only")]
    public static partial void NoWebhookSecret(ILogger logger, string variable);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Stopped: stacks in flight finished and recorded")]
    public static partial void Stopped(ILogger logger);
}
