namespace Infra.GitOps.Reconciler.Status;

/// <summary>How long the steps of the last run took, in milliseconds (0 for a step that did not run).</summary>
public sealed record RunDurations(long LoadMs, long RefreshMs, long PreviewMs, long UpMs, long TotalMs)
{
    /// <summary>Nothing ran.</summary>
    public static RunDurations Zero { get; } = new(0, 0, 0, 0, 0);
}
