import sprite from 'bootstrap-italia/dist/svg/sprites.svg?url';

/** A Bootstrap Italia icon from the bundled sprite; decorative unless a title is given. */
export function Icon({ name, className = '', title, size }: { name: string; className?: string; title?: string; size?: 'xs' | 'sm' | 'lg' | 'xl' }) {
  const classes = ['icon', size ? `icon-${size}` : '', className].filter(Boolean).join(' ');
  return (
    <svg className={classes} aria-hidden={title ? undefined : true} role={title ? 'img' : undefined} focusable="false">
      {title ? <title>{title}</title> : null}
      <use href={`${sprite}#${name}`} />
    </svg>
  );
}
