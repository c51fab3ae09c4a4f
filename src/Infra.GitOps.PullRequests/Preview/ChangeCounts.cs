namespace Infra.GitOps.PullRequests.Preview;

/// <summary>How many steps of each kind a plan has.</summary>
/// <param name="Create">Creates.</param>
/// <param name="Update">Updates in place.</param>
/// <param name="Delete">Deletes.</param>
/// <param name="Replace">Replacements.</param>
/// <param name="Same">Unchanged resources.</param>
public sealed record ChangeCounts(int Create, int Update, int Delete, int Replace, int Same)
{
    /// <summary>No steps.</summary>
    public static ChangeCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Creates + updates + deletes + replacements.</summary>
    public int Changes => Create + Update + Delete + Replace;

    /// <summary>Counts the steps by operation (read and refresh count as unchanged).</summary>
    public static ChangeCounts Of(IEnumerable<PreviewStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        int create = 0, update = 0, delete = 0, replace = 0, same = 0;
        foreach (var step in steps)
        {
            switch (step.Operation)
            {
                case StepOperation.Create: create++; break;
                case StepOperation.Update: update++; break;
                case StepOperation.Delete: delete++; break;
                case StepOperation.Replace: replace++; break;
                default: same++; break;
            }
        }

        return new ChangeCounts(create, update, delete, replace, same);
    }

    /// <summary>The sum of two counts.</summary>
    public ChangeCounts Add(ChangeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Create + other.Create, Update + other.Update, Delete + other.Delete, Replace + other.Replace, Same + other.Same);
    }

    /// <summary>Compact form: <c>+2 ~1 -0 +-1</c>.</summary>
    public override string ToString() => $"+{Create} ~{Update} -{Delete} +-{Replace}";
}
