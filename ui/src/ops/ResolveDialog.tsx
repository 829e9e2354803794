// Resolving an escalation: how it was resolved and, optionally, the knowledge-base article
// written from it in the same step (title from the escalation's, tags, and a Markdown body drawn
// from the title, root cause and resolution until the member edits it). Queued like every
// escalation change, so it works offline; refusals show beside their fields.
import { useId, useState } from "react";
import type { EscalationRecord } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog, submitHandlers } from "../components/FormDialog";
import { TextField } from "../components/FormField";
import { Kbd } from "../components/Kbd";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { articleBody, opsErrorsOf, parseTags, RESOLVE_FIELDS } from "./opsFormat";
import { useResolveEscalation } from "./queries";

type Props = { escalation: EscalationRecord | null; online: boolean; onOpenChange: (open: boolean) => void };

export function ResolveDialog({ escalation, online, onOpenChange }: Props) {
  return (
    <FormDialog open={escalation !== null} onOpenChange={onOpenChange} title="Resolve escalation" description={escalation?.title} testId="resolve-dialog" className="ops-resolve-dialog">
      {escalation === null ? null : <ResolveForm key={escalation.id} escalation={escalation} online={online} onDone={() => onOpenChange(false)} />}
    </FormDialog>
  );
}

function ResolveForm({ escalation: e, online, onDone }: { escalation: EscalationRecord; online: boolean; onDone: () => void }) {
  const [resolution, setResolution] = useState("");
  const [withArticle, setWithArticle] = useState(false);
  const [title, setTitle] = useState(e.title);
  const [tags, setTags] = useState(e.category);
  // The body follows the title and resolution until the member edits it.
  const [editedBody, setEditedBody] = useState<string | null>(null);
  const body = editedBody ?? articleBody(title, e.rootCause, resolution);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const resolve = useResolveEscalation();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;

  const submit = () => {
    if (resolve.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    const article = withArticle ? { slug: "", title: title.trim(), bodyMd: body, tags: parseTags(tags) } : null;
    resolve.mutate(
      { id: e.id, resolution, article },
      {
        onSuccess: () => {
          const what = article === null ? "Resolved" : "Resolved, with its article";
          toast.show(online ? what : `${what} on this laptop; it will be sent when the platform is reachable`);
          onDone();
        },
        onError: (err) => setErrors(opsErrorsOf(err, RESOLVE_FIELDS)),
      },
    );
  };
  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value);
    setErrors((er) => withoutField(er, field));
  };
  const hint = (
    <span className="dialog-hint faint">
      <Kbd>{isMacPlatform() ? "⌘" : "Ctrl"}</Kbd>
      <Kbd>Enter</Kbd>
    </span>
  );

  return (
    <form className="form" {...submitHandlers(submit)} noValidate aria-label="Resolve">
      <FormErrors lines={[...errors.general, ...(f.state ?? [])]} testId="resolve-refused" />
      <TextField
        id={fid("resolution")}
        label="Resolution"
        rows={3}
        autoFocus
        testId="resolve-text"
        value={resolution}
        placeholder="Published the DKIM selector; bounces stopped at 11:20"
        onValue={edit("resolution", setResolution)}
        lines={f.resolution}
        errorTestId="resolve-error-resolution"
      />
      <label className="checkbox">
        <input type="checkbox" data-testid="resolve-with-article" checked={withArticle} onChange={(ev) => setWithArticle(ev.target.checked)} />
        Write a knowledge-base article from it
      </label>
      {withArticle ? (
        <fieldset className="ops-article-fields" aria-label="Article">
          <TextField id={fid("title")} label="Article title" testId="resolve-article-title" value={title} autoComplete="off" onValue={edit("articleTitle", setTitle)} lines={f.articleTitle} errorTestId="resolve-error-articleTitle" />
          <div className="field">
            <label htmlFor={fid("tags")}>Tags</label>
            <input id={fid("tags")} className="input" data-testid="resolve-article-tags" value={tags} placeholder="dkim, dns" autoComplete="off" onChange={(ev) => setTags(ev.target.value)} />
          </div>
          <TextField
            id={fid("body")}
            label="Article (Markdown)"
            inputClassName="input textarea mono-small"
            rows={9}
            testId="resolve-article-body"
            value={body}
            onValue={edit("articleBody", setEditedBody)}
            lines={f.articleBody}
            errorTestId="resolve-error-articleBody"
          />
        </fieldset>
      ) : null}
      <DialogActions pending={resolve.isPending} label="Resolve" testId="resolve-submit" hint={hint} />
    </form>
  );
}
