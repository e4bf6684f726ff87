'use client';

import { useEffect, useState } from 'react';

/** A fragment worth carrying back: a log line (`#L120`) or another plain anchor. */
const PLAIN_FRAGMENT = /^#[\w-]{1,64}$/;

/**
 * Where the login form sends the visitor back to. The server knows the path and query; a
 * deep link's #fragment (the log line) never reaches it but survives the redirect to this
 * page, so it is read here and added.
 */
export function ReturnPathInput({ returnTo }: { returnTo: string }) {
  const [value, setValue] = useState(returnTo);
  useEffect(() => {
    const { hash } = window.location;
    if (returnTo !== '/' && !returnTo.includes('#') && PLAIN_FRAGMENT.test(hash)) setValue(`${returnTo}${hash}`);
  }, [returnTo]);
  return <input type="hidden" name="callbackUrl" value={value} />;
}
