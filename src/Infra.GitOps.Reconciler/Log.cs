using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler;

/// <summary>The reconciler's log messages, source-generated, with stable event ids (2000-2099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Reconcile pass started for {Target}")]
    public static partial void PassStarted(ILogger logger, string target);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Reconciliation of {Target} at {Revision} finished in {ElapsedMs} ms: {Applied} applied, {Skipped} skipped, {Failed} not done")]
    public static partial void PassFinished(ILogger logger, string target, string revision, long elapsedMs, int applied, int skipped, int failed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Source {Target} unavailable: {Message}")]
    public static partial void SourceUnavailable(ILogger logger, string target, string message);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Stack {Stack} skipped: {Reason}")]
    public static partial void StackSkipped(ILogger logger, string stack, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Stack {Stack} run started at {Revision} ({Trigger})")]
    public static partial void StackStarted(ILogger logger, string stack, string revision, string trigger);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Stack {Stack} at {Revision} {Result} ({Reason}) in {ElapsedMs} ms")]
    public static partial void StackFinished(ILogger logger, string stack, string revision, string result, string reason, long elapsedMs);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Stack {Stack} at {Revision} failed ({Reason}), retry at {RetryAt}: {Message}")]
    public static partial void StackFailed(ILogger logger, string stack, string revision, string reason, DateTimeOffset retryAt, string message);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Stack {Stack} stalled at {Revision} ({Reason}): {Message}")]
    public static partial void StackStalled(ILogger logger, string stack, string revision, string reason, string message);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Stack {Stack} lock held elsewhere, waiting: {Message}")]
    public static partial void LockHeld(ILogger logger, string stack, string message);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Stack {Stack} failed unexpectedly")]
    public static partial void StackCrashed(ILogger logger, string stack, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Step {StepName} of {Stack}: {Outcome} in {ElapsedMs} ms")]
    public static partial void StepFinished(ILogger logger, string stepName, string stack, string outcome, long elapsedMs);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Next reconcile pass in {Interval}")]
    public static partial void NextPass(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Listening for webhooks on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Webhook refused: {Reason}")]
    public static partial void WebhookRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Webhook push to {Ref} accepted: reconciling now")]
    public static partial void WebhookAccepted(ILogger logger, string @ref);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Error, Message = "Reconcile pass failed unexpectedly")]
    public static partial void PassCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Reconciler stopping: waiting for stacks in flight")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Event sink failed for {Stack}")]
    public static partial void EventSinkFailed(ILogger logger, string stack, Exception exception);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Information, Message = "Event {Reason} for {Stack} at {Revision}: {Message}")]
    public static partial void Event(ILogger logger, string reason, string stack, string revision, string message);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Event {Reason} for {Stack} at {Revision}: {Message}")]
    public static partial void WarningEvent(ILogger logger, string reason, string stack, string revision, string message);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Manual trigger for {Stack}: reconciling now")]
    public static partial void ManualTrigger(ILogger logger, string stack);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Stack {Stack} interrupted by shutdown during {StepName}; it runs again at the next start")]
    public static partial void StackInterrupted(ILogger logger, string stack, string stepName);

    private static readonly Func<ILogger, string, string, IDisposable?> StackScopeDefinition =
        LoggerMessage.DefineScope<string, string>("{Target}@{Revision}");

    /// <summary>The scope of one stack's run in a pass.</summary>
    public static IDisposable? StackScope(ILogger logger, string target, string revision) => StackScopeDefinition(logger, target, revision);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Stack {Stack}: cannot tell which files the branch move touched, running it: {Message}")]
    public static partial void PathFilterUnavailable(ILogger logger, string stack, string message);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Stack {Stack} waits: it depends on {Dependency}, which is not Ready ({State})")]
    public static partial void DependencyNotReady(ILogger logger, string stack, string dependency, string state);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "Notification to {Target} about {Stack} ({Reason}) not delivered: {Failure}")]
    public static partial void NotificationFailed(ILogger logger, string target, string stack, string reason, string failure);
}
