import type { ReactNode } from "react";

type Props = {
  title: string;
  /** A count or short note beside the title. */
  meta?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
};

/** A titled panel of the account 360. */
export function Card({ title, meta, action, children, testId, className }: Props) {
  return (
    <section className={`card${className ? ` ${className}` : ""}`} data-testid={testId} aria-label={title}>
      <header className="card-head">
        <h3 className="card-title">
          {title}
          {meta !== undefined ? <span className="card-meta">{meta}</span> : null}
        </h3>
        {action}
      </header>
      {children}
    </section>
  );
}

/** A quiet one-line note for a card with nothing to list. */
export function CardEmpty({ children }: { children: ReactNode }) {
  return <p className="card-empty">{children}</p>;
}
