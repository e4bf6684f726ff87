import { oauthProviders, signIn } from '@/server/auth/auth';

/** One "Continue with …" button per configured OAuth provider (none without their env keys). */
export function OAuthButtons({ returnTo }: { returnTo: string }) {
  const providers = oauthProviders();
  if (providers.length === 0) return null;
  return (
    <div className="oauth-buttons">
      {providers.map((provider) => (
        <form
          key={provider.id}
          action={async () => {
            'use server';
            await signIn(provider.id, { redirectTo: returnTo });
          }}
        >
          <button type="submit">Continue with {provider.name}</button>
        </form>
      ))}
    </div>
  );
}
