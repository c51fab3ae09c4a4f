using Microsoft.Extensions.Logging;

namespace Infra.GitOps.PullRequests;

/// <summary>Source-generated log messages of this project. Never given secrets or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Previewing {Base}..{Head}: {ChangedCount} changed paths, {StackCount} affected stacks")]
    public static partial void PreviewStarted(ILogger logger, string @base, string head, int changedCount, int stackCount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Preview finished in {ElapsedMs} ms")]
    public static partial void PreviewFinished(ILogger logger, long elapsedMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Stack {Stack} planned: {Counts}")]
    public static partial void StackPlanned(ILogger logger, string stack, string counts);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Stack {Stack} could not be planned: {Reason}")]
    public static partial void StackFailed(ILogger logger, string stack, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "{Action} preview comment {CommentId} on {Target}")]
    public static partial void CommentWritten(ILogger logger, string action, long commentId, string target);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Set commit status {Context}={State} on {Revision}")]
    public static partial void StatusSet(ILogger logger, string context, string state, string revision);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Posting the preview failed at {Step}: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string step, string reason);
}
