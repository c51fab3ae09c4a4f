using System.Globalization;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>How many steps of each kind a preview plans or an up performed.</summary>
public sealed record ChangeCounts(int Create, int Update, int Replace, int Delete, int Same)
{
    /// <summary>No changes.</summary>
    public static ChangeCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>True when anything is created, updated, replaced or deleted.</summary>
    public bool HasChanges => Create + Update + Replace + Delete > 0;

    /// <summary>Pulumi's summary style: <c>+1 ~2 +-0 -1 (3 unchanged)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"+{Create} ~{Update} +-{Replace} -{Delete} ({Same} unchanged)");
}
