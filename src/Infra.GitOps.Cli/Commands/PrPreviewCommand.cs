using System.CommandLine;
using Infra.GitOps.PullRequests.GitHub;
using Infra.GitOps.PullRequests.Json;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.PullRequests.Previewing;
using Infra.GitOps.PullRequests.Rendering;
using Infra.GitOps.Model;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops pr-preview --base REF --head REF [--stack S] [--refresh] [--output FILE] [--json FILE]
/// [--github-repository OWNER/REPO --pull-request N [--github-api-url URL]]</c>: plans every stack the change
/// touches, at the head commit, against its recorded state, with no code from the pull request run; writes the
/// comment markdown (standard output when neither a file nor posting is asked for) and the result as JSON, and
/// posts the comment to GitHub (created on the first run, that same comment updated later) with a commit status
/// on the head commit. Without <c>--refresh</c> no provider is contacted and no credentials are needed; with it,
/// each affected stack's resources are first read from the real providers (in memory only: nothing is written).
/// Exit 0 when every affected stack planned (and the post succeeded), 2 for invalid input (the YAML at the head,
/// the command line, a missing token when posting), 1 when a stack could not be planned or posting failed.
/// </summary>
public static class PrPreviewCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repo = new Option<string>("--repo", "-C") { Description = "The infra repository (a Git repository).", DefaultValueFactory = _ => "." };
        var baseRef = new Option<string>("--base") { Description = "The base revision (the merge base of the pull request).", Required = true };
        var headRef = new Option<string>("--head") { Description = "The head revision of the pull request.", Required = true };
        var stack = new Option<string?>("--stack", "-s") { Description = "Preview only this stack." };
        var refresh = new Option<bool>("--refresh") { Description = "Read each affected stack's resources from the real providers before planning (needs their access)." };
        var output = new Option<string?>("--output") { Description = "Write the comment's markdown to FILE (for any CI)." };
        var json = new Option<string?>("--json") { Description = "Write the preview as JSON to FILE." };
        var github = new GitHubPostingOptions();
        var command = new Command("pr-preview", "Preview the stacks a pull request touches, as one comment (written to a file or posted to GitHub).");
        foreach (var option in new Option[] { repo, baseRef, headRef, stack, refresh, output, json })
        {
            command.Options.Add(option);
        }

        github.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Usage problems (a missing token included) stop the command before any work, so nothing is posted.
            var posting = github.ToPublishOptions(parseResult);
            var root = Path.GetFullPath(parseResult.GetValue(repo) ?? ".");
            using var providers = new BuiltInProviders();
            IStackPlanSource planSource = parseResult.GetValue(refresh)
                ? new ProviderStackPlanSource(_ => providers.CreateRegistry(), TimeProvider.System, refresh: true)
                : new OfflineStackPlanSource(TimeProvider.System);

            // The state store is that of the head commit's project: the repository is compiled once, by the previewer.
            var previewer = new PullRequestPreviewer(
                project => EngineSession.OpenPreviewStateStore(project.Name, project.BackendUrl, root),
                planSource,
                TimeProvider.System);
            var preview = await previewer.PreviewAsync(
                new PullRequestPreviewRequest(root, parseResult.GetRequiredValue(baseRef), parseResult.GetRequiredValue(headRef), parseResult.GetValue(stack)),
                cancellationToken);
            Report(console, preview);

            var comment = new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions { RepositoryUrl = posting?.RepositoryWebUrl });
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, comment.Markdown, cancellationToken);
                console.WriteLine($"Preview comment written to {file} ({comment.Markdown.Length} characters)");
            }
            else if (posting is null)
            {
                console.Output.Write(comment.Markdown);
            }

            if (parseResult.GetValue(json) is { } jsonFile)
            {
                var stream = File.Create(jsonFile);
                await using (stream)
                {
                    await PreviewJson.WriteAsync(stream, preview, cancellationToken);
                }
            }

            if (posting is not null)
            {
                switch (await new GitHubPreviewPublisher(posting).PublishAsync(preview, comment, cancellationToken))
                {
                    case PublishSucceeded succeeded:
                        console.WriteLine(succeeded.Message);
                        break;
                    case var failed:
                        console.Error(failed.Message);
                        return ExitCodes.Failed;
                }
            }

            return ExitCode(preview);
        });
        return command;
    }

    // Invalid input outranks an operational failure: fixing the YAML is what the author has to do first.
    private static int ExitCode(PullRequestPreview preview)
    {
        if (preview.Diagnostics.Any(d => d.Severity == Severity.Error) || preview.Stacks.Any(s => s is not FailedStackPreview && s.IsFailure))
        {
            return ExitCodes.InvalidInput;
        }

        return preview.HasErrors ? ExitCodes.Failed : ExitCodes.Success;
    }

    // Diagnostics go to standard error compiler-style, so CI annotates them; a stack that failed says why.
    private static void Report(CliConsole console, PullRequestPreview preview)
    {
        console.Diagnostics(preview.Diagnostics.Concat(preview.Stacks.SelectMany(s => s.Diagnostics)).Distinct());
        foreach (var failed in preview.Stacks.OfType<FailedStackPreview>())
        {
            console.Error($"stack '{failed.Name}' could not be previewed: {failed.Reason}");
        }
    }
}
