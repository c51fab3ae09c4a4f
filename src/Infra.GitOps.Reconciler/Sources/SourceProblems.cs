namespace Infra.GitOps.Reconciler.Sources;

/// <summary>Recognises the Git layer's failures to read the source.</summary>
internal static class SourceProblems
{
    /// <summary>The problem <paramref name="exception"/> describes, or null when it is not a source failure.</summary>
    public static SourceProblem? Classify(Exception exception) => exception switch
    {
        _ => null,
    };
}
