using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Git;

/// <summary>The project's log messages, source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Creating a mirror of {Remote} in {Path}")]
    public static partial void CreatingMirror(ILogger logger, string remote, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Fetched {Branch} of {Remote} at {Revision} in {ElapsedMs} ms")]
    public static partial void BranchFetched(ILogger logger, string branch, string remote, string revision, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Fetching {Target} from {Remote} failed ({Reason})")]
    public static partial void FetchFailed(ILogger logger, string target, string remote, SourceUnavailableReason reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Fetched branches and tags of {Remote} for {Revision} in {ElapsedMs} ms")]
    public static partial void RevisionFetched(ILogger logger, string remote, string revision, long elapsedMs);
}
