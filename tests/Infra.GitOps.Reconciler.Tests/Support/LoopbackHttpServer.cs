using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 for tests of what the reconciler posts (a stand-in for a chat or webhook
/// receiver, which cannot run here): records every request and answers with <see cref="Answer"/>.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public LoopbackHttpServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The status code for the nth request (1-based); 200 by default. A negative code never answers.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri UrlOf(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }
    }

    private async Task ServeAsync()
    {
        var count = 0;
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body.ToArray()));
            var status = Answer(++count);
            if (status < 0)
            {
                continue; // never answered: the client times out
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);
}
