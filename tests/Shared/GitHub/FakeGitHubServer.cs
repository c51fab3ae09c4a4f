using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infra.GitOps.Tests.Shared.GitHub;

/// <summary>
/// An HTTP-level fake of GitHub's REST API on 127.0.0.1 (HttpListener): the real paths, methods, request and
/// response JSON shapes and Link-header paging of issue comments (list, create, update) and commit statuses
/// (create), with injectable error answers. Octokit talks to it over real HTTP exactly as it would to GitHub.
/// One source file shared by the test projects that post to GitHub (linked into each, see their .csproj).
/// </summary>
internal sealed partial class FakeGitHubServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private long nextId = 1_000;

    public FakeGitHubServer()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri ApiUrl => new($"http://127.0.0.1:{Port}/api/v3/");

    /// <summary>Comments per issue number (id, body, user login).</summary>
    public Dictionary<int, List<(long Id, string Body, string User)>> Comments { get; } = [];

    /// <summary>Statuses set, per commit SHA.</summary>
    public List<(string Sha, JsonObject Status)> Statuses { get; } = [];

    /// <summary>Every request: method, path and query, Authorization header, body.</summary>
    public List<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = [];

    /// <summary>Answers with this status code for requests whose "METHOD path" matches, when set.</summary>
    public Dictionary<string, (int Status, string Message)> Failures { get; } = [];

    public void Seed(int issue, int count, string user = "someone", Func<int, string>? body = null)
    {
        lock (gate)
        {
            var list = CommentsOf(issue);
            for (var i = 0; i < count; i++)
            {
                list.Add((nextId++, body?.Invoke(i) ?? $"comment {i}", user));
            }
        }
    }

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (ObjectDisposedException)
        {
        }
        catch (HttpListenerException)
        {
        }
    }

    private List<(long Id, string Body, string User)> CommentsOf(int issue)
    {
        if (!Comments.TryGetValue(issue, out var list))
        {
            list = [];
            Comments[issue] = list;
        }

        return list;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception error)
            {
                await WriteAsync(context.Response, 599, new JsonObject { ["message"] = "fake server error: " + error.Message });
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var url = request.Url!; // HttpListener always sets the request URL
        var path = url.AbsolutePath;
        var api = path.IndexOf("/repos/", StringComparison.Ordinal) is var at and >= 0 ? path[at..] : path;
        lock (gate)
        {
            Requests.Add((request.HttpMethod, api + url.Query, request.Headers["Authorization"], body));
        }

        foreach (var (pattern, failure) in Failures)
        {
            if (Regex.IsMatch($"{request.HttpMethod} {api}", pattern))
            {
                await WriteAsync(context.Response, failure.Status, new JsonObject
                {
                    ["message"] = failure.Message,
                    ["documentation_url"] = "https://docs.github.com/rest",
                    ["status"] = failure.Status.ToString(CultureInfo.InvariantCulture),
                });
                return;
            }
        }

        var listMatch = IssueCommentsPattern().Match(api);
        var updateMatch = CommentPattern().Match(api);
        var statusMatch = StatusPattern().Match(api);
        if (listMatch.Success && request.HttpMethod == "GET")
        {
            var issue = int.Parse(listMatch.Groups["n"].Value, CultureInfo.InvariantCulture);
            var perPage = int.TryParse(request.QueryString["per_page"], out var pp) ? pp : 30;
            var page = int.TryParse(request.QueryString["page"], out var pg) ? pg : 1;
            List<(long Id, string Body, string User)> all;
            lock (gate)
            {
                all = [.. CommentsOf(issue)];
            }

            var pages = Math.Max(1, (all.Count + perPage - 1) / perPage);
            var array = new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)CommentJson(listMatch.Groups["o"].Value, listMatch.Groups["r"].Value, issue, c)).ToArray());
            if (page < pages)
            {
                var next = $"http://127.0.0.1:{Port}{path}?per_page={perPage}&page={page + 1}";
                var last = $"http://127.0.0.1:{Port}{path}?per_page={perPage}&page={pages}";
                context.Response.AddHeader("Link", $"<{next}>; rel=\"next\", <{last}>; rel=\"last\"");
            }

            await WriteAsync(context.Response, 200, array);
        }
        else if (listMatch.Success && request.HttpMethod == "POST")
        {
            var issue = int.Parse(listMatch.Groups["n"].Value, CultureInfo.InvariantCulture);
            var text = JsonNode.Parse(body)!["body"]!.GetValue<string>(); // Octokit always sends {"body": ...}
            (long, string, string) comment;
            lock (gate)
            {
                comment = (nextId++, text, "github-actions[bot]");
                CommentsOf(issue).Add(comment);
            }

            await WriteAsync(context.Response, 201, CommentJson(listMatch.Groups["o"].Value, listMatch.Groups["r"].Value, issue, comment));
        }
        else if (updateMatch.Success && request.HttpMethod == "PATCH")
        {
            var id = long.Parse(updateMatch.Groups["id"].Value, CultureInfo.InvariantCulture);
            var text = JsonNode.Parse(body)!["body"]!.GetValue<string>(); // Octokit always sends {"body": ...}
            JsonObject? answer = null;
            lock (gate)
            {
                foreach (var (issue, list) in Comments)
                {
                    var index = list.FindIndex(c => c.Id == id);
                    if (index >= 0)
                    {
                        list[index] = (id, text, list[index].User);
                        answer = CommentJson(updateMatch.Groups["o"].Value, updateMatch.Groups["r"].Value, issue, list[index]);
                    }
                }
            }

            await WriteAsync(context.Response, answer is null ? 404 : 200, answer ?? new JsonObject { ["message"] = "Not Found" });
        }
        else if (statusMatch.Success && request.HttpMethod == "POST")
        {
            var input = JsonNode.Parse(body)!.AsObject(); // Octokit sends the NewCommitStatus as an object
            var sha = statusMatch.Groups["sha"].Value;
            var status = new JsonObject
            {
                ["url"] = $"http://127.0.0.1:{Port}/api/v3/repos/{statusMatch.Groups["o"].Value}/{statusMatch.Groups["r"].Value}/statuses/{sha}",
                ["avatar_url"] = "https://avatars.githubusercontent.com/in/15368?v=4",
                ["id"] = nextId++,
                ["node_id"] = "SC_kwDOAAAAAc8AAAAB",
                ["state"] = input["state"]?.DeepClone(),
                ["description"] = input["description"]?.DeepClone(),
                ["target_url"] = input["target_url"]?.DeepClone(),
                ["context"] = input["context"]?.DeepClone(),
                ["created_at"] = "2026-11-26T06:00:00Z",
                ["updated_at"] = "2026-11-26T06:00:00Z",
                ["creator"] = UserJson("github-actions[bot]"),
            };
            lock (gate)
            {
                Statuses.Add((sha, (JsonObject)status.DeepClone()));
            }

            await WriteAsync(context.Response, 201, status);
        }
        else
        {
            await WriteAsync(context.Response, 404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });
        }
    }

    private JsonObject CommentJson(string owner, string repo, int issue, (long Id, string Body, string User) comment) => new()
    {
        ["url"] = $"http://127.0.0.1:{Port}/api/v3/repos/{owner}/{repo}/issues/comments/{comment.Id}",
        ["html_url"] = $"https://github.com/{owner}/{repo}/pull/{issue}#issuecomment-{comment.Id}",
        ["issue_url"] = $"http://127.0.0.1:{Port}/api/v3/repos/{owner}/{repo}/issues/{issue}",
        ["id"] = comment.Id,
        ["node_id"] = "IC_kwDOAAAAAc5AAAAB",
        ["user"] = UserJson(comment.User),
        ["created_at"] = "2026-11-26T06:00:00Z",
        ["updated_at"] = "2026-11-26T06:00:00Z",
        ["author_association"] = "NONE",
        ["body"] = comment.Body,
        ["performed_via_github_app"] = null,
    };

    private static JsonObject UserJson(string login) => new()
    {
        ["login"] = login,
        ["id"] = 41898282,
        ["node_id"] = "MDM6Qm90NDE4OTgyODI=",
        ["avatar_url"] = "https://avatars.githubusercontent.com/in/15368?v=4",
        ["url"] = $"https://api.github.com/users/{Uri.EscapeDataString(login)}",
        ["html_url"] = "https://github.com/apps/github-actions",
        ["type"] = "Bot",
        ["site_admin"] = false,
    };

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonNode json)
    {
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.AddHeader("X-GitHub-Media-Type", "github.v3; format=json");
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    [GeneratedRegex("^/repos/(?<o>[^/]+)/(?<r>[^/]+)/issues/(?<n>[0-9]+)/comments$")]
    private static partial Regex IssueCommentsPattern();

    [GeneratedRegex("^/repos/(?<o>[^/]+)/(?<r>[^/]+)/issues/comments/(?<id>[0-9]+)$")]
    private static partial Regex CommentPattern();

    [GeneratedRegex("^/repos/(?<o>[^/]+)/(?<r>[^/]+)/statuses/(?<sha>[0-9a-f]+)$")]
    private static partial Regex StatusPattern();
}
