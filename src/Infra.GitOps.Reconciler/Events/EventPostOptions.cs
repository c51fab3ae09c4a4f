namespace Infra.GitOps.Reconciler.Events;

/// <summary>What the sinks that post events over HTTP share: the time one attempt may take, the pause before the retry.</summary>
public abstract class EventPostOptions
{
    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause before the second and last attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> (naming <paramref name="what"/>) for a URL that is not absolute http(s), or bad times.</summary>
    protected void ValidatePosting(Uri url, string what)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"the {what} must be an absolute http or https URL", nameof(url));
        }

        if (Timeout <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive and RetryDelay not negative");
        }
    }
}
