using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt;

/// <summary>The provider's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Connected to libvirt at {Target}")]
    public static partial void Connected(ILogger logger, string target);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "{StepOperation} {ResourceId}")]
    public static partial void Operation(ILogger logger, string stepOperation, string resourceId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "{StepOperation} {ResourceId} finished in {ElapsedMs} ms")]
    public static partial void OperationFinished(ILogger logger, string stepOperation, string resourceId, long elapsedMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{StepOperation} {ResourceId} failed and may be retried: {Reason}")]
    public static partial void TransientFailure(ILogger logger, string stepOperation, string resourceId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Domain {ResourceId} did not shut down within {ElapsedMs} ms: powering it off")]
    public static partial void ShutdownForced(ILogger logger, string resourceId, long elapsedMs);
}
