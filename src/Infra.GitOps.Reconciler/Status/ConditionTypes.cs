namespace Infra.GitOps.Reconciler.Status;

/// <summary>The condition types of a stack's status (Flux and the Pulumi Kubernetes Operator use the same names).</summary>
public static class ConditionTypes
{
    /// <summary>True when the desired revision is applied and nothing is wrong.</summary>
    public const string Ready = "Ready";

    /// <summary>True while a run is in progress, or while a retry is pending.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>True when the stack needs a human: no retry until a new commit or a request.</summary>
    public const string Stalled = "Stalled";

    /// <summary>True when the last drift check found the real resources differ from the last applied commit.</summary>
    public const string Drifted = "Drifted";
}
