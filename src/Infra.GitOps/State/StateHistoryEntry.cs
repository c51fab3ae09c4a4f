namespace Infra.GitOps.State;

/// <summary>One previous checkpoint kept by a store (<c>stack history</c>).</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Time">When it was written.</param>
/// <param name="Path">The file holding it.</param>
/// <param name="SizeBytes">Its size.</param>
public sealed record StateHistoryEntry(string Stack, DateTimeOffset Time, string Path, long SizeBytes);
