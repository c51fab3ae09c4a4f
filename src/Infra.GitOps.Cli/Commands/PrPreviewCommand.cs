using System.CommandLine;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.PullRequests.Json;
using Infra.GitOps.PullRequests.Previewing;
using Infra.GitOps.PullRequests.Rendering;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops pr-preview --base REF --head REF [--stack S] [--output FILE] [--json FILE]</c>: plans every stack
/// the change touches, at the head commit, against its recorded state, with no provider credentials and no code
/// from the pull request run; writes the comment markdown (standard output by default) and the result as JSON.
/// Exit 0 when every affected stack planned, 2 when one is invalid.
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
        var output = new Option<string?>("--output") { Description = "Write the comment's markdown to FILE (for any CI)." };
        var json = new Option<string?>("--json") { Description = "Write the preview as JSON to FILE." };
        var command = new Command("pr-preview", "Preview the stacks a pull request touches, as one comment's markdown.");
        foreach (var option in new Option[] { repo, baseRef, headRef, stack, output, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var root = Path.GetFullPath(parseResult.GetValue(repo) ?? ".");
            var head = parseResult.GetRequiredValue(headRef);
            string project, backend;
            using (var repository = GitRepository.Open(root))
            {
                var tree = await repository.GetSourceTreeAsync(head, cancellationToken);
                var compiled = await RepositoryCompiler.CompileAsync(tree, CompileOptions.Default, cancellationToken);
                if (compiled.Value is not { } value)
                {
                    console.Diagnostics(compiled.Diagnostics);
                    return ExitCodes.InvalidInput;
                }

                (project, backend) = (value.Project.Name, value.Project.BackendUrl);
            }

            using var session = EngineSession.Open(project, backend, root);
            var previewer = new PullRequestPreviewer(session.Store, new OfflineStackPlanSource(TimeProvider.System), TimeProvider.System);
            var preview = await previewer.PreviewAsync(
                new PullRequestPreviewRequest(root, parseResult.GetRequiredValue(baseRef), head, parseResult.GetValue(stack)),
                cancellationToken);
            var comment = new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions());
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, comment.Markdown, cancellationToken);
                console.WriteLine($"Preview comment written to {file} ({comment.Markdown.Length} characters)");
            }
            else
            {
                console.Output.Write(comment.Markdown);
            }

            if (parseResult.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile, PreviewJson.Serialize(preview), cancellationToken);
            }

            return preview.HasErrors ? ExitCodes.InvalidInput : ExitCodes.Success;
        });
        return command;
    }
}
