namespace Infra.GitOps.Reconciler.Status;

/// <summary>One condition of a stack's status (Kubernetes' <c>metav1.Condition</c>).</summary>
/// <param name="Type">One of <see cref="ConditionTypes"/>.</param>
/// <param name="Status">True or false.</param>
/// <param name="Reason">One of <see cref="Reasons"/>.</param>
/// <param name="Message">A human-readable sentence; never a secret.</param>
/// <param name="LastTransitionTime">When <paramref name="Status"/> last changed.</param>
public sealed record StackCondition(string Type, bool Status, string Reason, string Message, DateTimeOffset LastTransitionTime);
