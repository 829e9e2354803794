// Resolving an escalation: how it was resolved and, optionally, the knowledge-base article
// written from it in the same step (title from the escalation's, tags, and a Markdown body drawn
// from the title, root cause and resolution until the member edits it). Queued like every
// escalation change, so it works offline; refusals show beside their fields.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { EscalationRecord } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { articleBody, opsErrorsOf, parseTags, RESOLVE_FIELDS } from "./opsFormat";
import { useResolveEscalation } from "./queries";

type Props = { escalation: EscalationRecord | null; online: boolean; onOpenChange: (open: boolean) => void };

export function ResolveDialog({ escalation, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={escalation !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog ops-resolve-dialog" data-testid="resolve-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Resolve escalation</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {escalation === null ? null : (
            <>
              <Dialog.Description className="dialog-description">{escalation.title}</Dialog.Description>
              <ResolveForm key={escalation.id} escalation={escalation} online={online} onDone={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
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
  const mac = isMacPlatform();
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
  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    submit();
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Resolve">
      <FormErrors lines={[...errors.general, ...(f.state ?? [])]} testId="resolve-refused" />
      <div className={`field${f.resolution ? " field-invalid" : ""}`}>
        <label htmlFor={fid("resolution")}>Resolution</label>
        <textarea
          id={fid("resolution")}
          className="input textarea"
          rows={3}
          autoFocus
          data-testid="resolve-text"
          value={resolution}
          placeholder="Published the DKIM selector; bounces stopped at 11:20"
          onChange={(ev) => {
            setResolution(ev.target.value);
            setErrors((er) => withoutField(er, "resolution"));
          }}
          {...invalidProps(fid("resolution-error"), f.resolution)}
        />
        <FieldMessage id={fid("resolution-error")} lines={f.resolution} testId="resolve-error-resolution" />
      </div>
      <label className="checkbox">
        <input type="checkbox" data-testid="resolve-with-article" checked={withArticle} onChange={(ev) => setWithArticle(ev.target.checked)} />
        Write a knowledge-base article from it
      </label>
      {withArticle ? (
        <fieldset className="ops-article-fields" aria-label="Article">
          <div className={`field${f.articleTitle ? " field-invalid" : ""}`}>
            <label htmlFor={fid("title")}>Article title</label>
            <input
              id={fid("title")}
              className="input"
              data-testid="resolve-article-title"
              value={title}
              autoComplete="off"
              onChange={(ev) => {
                setTitle(ev.target.value);
                setErrors((er) => withoutField(er, "articleTitle"));
              }}
              {...invalidProps(fid("title-error"), f.articleTitle)}
            />
            <FieldMessage id={fid("title-error")} lines={f.articleTitle} testId="resolve-error-articleTitle" />
          </div>
          <div className="field">
            <label htmlFor={fid("tags")}>Tags</label>
            <input id={fid("tags")} className="input" data-testid="resolve-article-tags" value={tags} placeholder="dkim, dns" autoComplete="off" onChange={(ev) => setTags(ev.target.value)} />
          </div>
          <div className={`field${f.articleBody ? " field-invalid" : ""}`}>
            <label htmlFor={fid("body")}>Article (Markdown)</label>
            <textarea
              id={fid("body")}
              className="input textarea mono-small"
              rows={9}
              data-testid="resolve-article-body"
              value={body}
              onChange={(ev) => {
                setEditedBody(ev.target.value);
                setErrors((er) => withoutField(er, "articleBody"));
              }}
              {...invalidProps(fid("body-error"), f.articleBody)}
            />
            <FieldMessage id={fid("body-error")} lines={f.articleBody} testId="resolve-error-articleBody" />
          </div>
        </fieldset>
      ) : null}
      <div className="dialog-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="resolve-submit" disabled={resolve.isPending} aria-busy={resolve.isPending}>
          {resolve.isPending ? <Spinner size={12} /> : null}
          Resolve
        </button>
      </div>
    </form>
  );
}
