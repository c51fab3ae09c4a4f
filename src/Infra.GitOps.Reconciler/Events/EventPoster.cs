using System.Net.Http.Headers;

namespace Infra.GitOps.Reconciler.Events;

/// <summary>
/// Posts a JSON body for an event sink, over a client of its own: each attempt within the options' timeout, a second
/// and last attempt after their retry delay when the first got no 2xx answer. Failures are returned as text that names
/// no URL (its path may hold a token), never thrown; only the caller's cancellation is. Thread-safe.
/// </summary>
internal sealed class EventPoster : IDisposable
{
    private readonly HttpClient client;
    private readonly TimeSpan timeout;
    private readonly TimeSpan retryDelay;

    /// <summary>Creates the poster and its client.</summary>
    public EventPoster(EventPostOptions options)
    {
        timeout = options.Timeout;
        retryDelay = options.RetryDelay;
        client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each attempt has its own timeout
        };
    }

    public void Dispose() => client.Dispose();

    /// <summary>
    /// POSTs <paramref name="body"/> (UTF-8 JSON) to <paramref name="url"/>, with the sink's own headers added by
    /// <paramref name="headers"/>; null once an attempt got 2xx, else the last failure.
    /// </summary>
    public Task<string?> PostJsonAsync(Uri url, byte[] body, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.UserAgent.ParseAdd("infra-gitops");
                headers(request.Headers);
                return request;
            },
            cancellationToken);

    /// <summary>Sends the request <paramref name="build"/> makes (a new one per attempt); null once one got 2xx, else the last failure.</summary>
    private async Task<string?> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        string? failure = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            if (attempt == 2)
            {
                await Task.Delay(retryDelay, cancellationToken).ConfigureAwait(false);
            }

            failure = await TrySendAsync(build, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return null;
            }
        }

        return failure;
    }

    private async Task<string?> TrySendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        using var request = build();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"the endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException exception)
        {
            // Described by its kind only: the message of a connection error may carry the address.
            return exception.HttpRequestError == HttpRequestError.Unknown ? "the request failed" : $"the request failed ({exception.HttpRequestError})";
        }
    }
}
